/**
 * Sealing: making encrypted objects, the writing side of docs/format.md ("Header", "Payload",
 * "Rotation, minimum version, rewrap") in the layout that {@link dev.vipfs.fs.content.EnvelopeLayout}
 * names and {@link dev.vipfs.fs.content} reads back.
 * {@link dev.vipfs.fs.sealing.EncryptedImporter} seals a stream into a header leaf and a payload of
 * one leaf per ciphertext segment ({@link dev.vipfs.fs.sealing.EncryptedImport} keeps the writer for
 * a read-back without a private key); {@link dev.vipfs.fs.sealing.EncryptedTreeImporter} does so for
 * every file of a local tree, directories staying plain UnixFS; {@link dev.vipfs.fs.sealing.Rewrapper}
 * re-issues a header for new recipients, replacing only the header leaf and the root.
 */
package dev.vipfs.fs.sealing;
