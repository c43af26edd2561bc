/**
 * One payload segment at a time (docs/format.md): {@link dev.vipfs.crypto.segment.SegmentCipher}
 * seals and opens a segment with AES-256-GCM, its nonce bound to the segment index and the last-segment
 * flag (so truncation, reordering and splicing fail); {@link dev.vipfs.crypto.segment.SegmentOffsets}
 * maps plaintext offsets to segments and ciphertext offsets.
 */
package dev.vipfs.crypto.segment;
