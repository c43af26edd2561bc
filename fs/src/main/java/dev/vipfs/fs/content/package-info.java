/**
 * An object's content as the mount serves it, and the encrypted imports that make such objects.
 * An encrypted object is a UnixFS file laid out as (docs/architecture.md, docs/format.md):
 * <pre>
 *   root (UnixFS File, blocksizes [headerLength, payloadLength])
 *    ├─ "vipfs-envelope-v1" ─&gt; header leaf
 *    └─ "vipfs-payload"     ─&gt; balanced UnixFS file, one ciphertext segment per leaf
 * </pre>
 * Reading: {@link dev.vipfs.fs.content.ObjectInspector} classifies a CID, {@link dev.vipfs.fs.content.ContentOpener}
 * opens a {@link dev.vipfs.fs.content.ContentReader} (envelope or plain), {@link dev.vipfs.fs.content.SegmentCache}
 * shares decrypted segments. Sealing: {@link dev.vipfs.fs.content.EncryptedImporter} and
 * {@link dev.vipfs.fs.content.EncryptedTreeImporter}; {@link dev.vipfs.fs.content.Rewrapper} replaces
 * only the header leaf and the root.
 */
package dev.vipfs.fs.content;
