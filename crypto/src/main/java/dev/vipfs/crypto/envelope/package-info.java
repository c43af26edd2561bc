/**
 * Envelopes of docs/format.md: a header that seals a random file key to each recipient (HPKE base
 * mode, RFC 9180) and authenticates itself, followed by the payload segments.
 * <pre>
 *   header (HeaderLayout, built by HeaderBuilder, opened by EnvelopeReader)
 *     stanza per recipient ── StanzaCipher ──&gt; file key ── FileKeys (HKDF) ──&gt; payload key, MAC key
 *   segment 0 | segment 1 | ... | segment n (last flag)   sealed by SegmentingEncryptor
 * </pre>
 * {@link dev.vipfs.crypto.envelope.EnvelopeWriter} encrypts a stream, {@link dev.vipfs.crypto.envelope.EnvelopeReader}
 * decrypts one, {@link dev.vipfs.crypto.envelope.EnvelopeRewrapper} re-seals the file key for new
 * recipients without touching a segment.
 */
package dev.vipfs.crypto.envelope;
