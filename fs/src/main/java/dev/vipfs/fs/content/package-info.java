/**
 * Reading: an object's content as the mount (and {@code vipfs cat}) serves it. Follows the envelope
 * format of docs/format.md ("Header", "Payload") in the UnixFS layout of docs/architecture.md
 * ("Encrypted file layout in UnixFS"), named by {@link dev.vipfs.fs.content.EnvelopeLayout}:
 * <pre>
 *   root (UnixFS File, blocksizes [headerLength, payloadLength])
 *    ├─ "vipfs-envelope-v1" ─&gt; header leaf
 *    └─ "vipfs-payload"     ─&gt; balanced UnixFS file, one ciphertext segment per leaf
 * </pre>
 * {@link dev.vipfs.fs.content.ObjectInspector} classifies a CID from its root block into an
 * {@link dev.vipfs.fs.content.ObjectInfo}; {@link dev.vipfs.fs.content.ContentOpener} opens a
 * {@link dev.vipfs.fs.content.ContentReader}, an {@link dev.vipfs.fs.content.EnvelopeContentReader}
 * (header through {@link dev.vipfs.fs.content.EnvelopeOpener}, segments through
 * {@link dev.vipfs.fs.content.SegmentReader}, shared in the {@link dev.vipfs.fs.content.SegmentCache})
 * or a {@link dev.vipfs.fs.content.PlainContentReader}; {@link dev.vipfs.fs.content.DecryptWarmup}
 * gets the decrypt path compiled before the first reader. Making such objects is
 * {@link dev.vipfs.fs.sealing}'s, which depends on this package and not the other way round.
 */
package dev.vipfs.fs.content;
