/**
 * Writing UnixFS the way Kubo's {@code ipfs add} does, block for block, so every CID matches Kubo's
 * (boxo's {@code ipld/unixfs/importer}): {@link dev.vipfs.ipfs.unixfs.importer.UnixfsImporter} with
 * {@link dev.vipfs.ipfs.unixfs.importer.ImportOptions} (the {@code ipfs add} flags and the IPIP-499
 * profiles), over a fixed-size chunker; directories as one dag-pb node, or above the threshold as a
 * HAMT ({@code HamtBuilder}, the hash and slot rule of {@code unixfs.directory}); local trees walked by
 * {@link dev.vipfs.ipfs.unixfs.importer.LocalTree}. Nodes follow the UnixFS spec
 * (specs.ipfs.tech/unixfs) in dag-pb (ipld.io/specs/codecs/dag-pb).
 * <p>
 * A file is a balanced DAG that grows one level at a time. A single chunk is the file. Otherwise
 * the leaves fill a root of at most {@code maxLinks} links; when more chunks follow, that root
 * becomes the first child of a new root one level higher, and the new root's next children are
 * subtrees of the old depth filled the same way, left to right. With {@code maxLinks} = 3
 * (Kubo's default is 174) and seven chunks:
 * <pre>
 *                        root             depth 2: File, blocksizes = bytes below each link
 *               ┌─────────┼─────────┐
 *             node       node      node   depth 1: File; the first was the root after 3 chunks
 *            ┌─┼─┐      ┌─┼─┐       │
 *            1 2 3      4 5 6       7     leaves: chunkSize bytes, raw blocks or File nodes
 * </pre>
 * Every leaf sits at the same depth, so the last subtree is the only one not full; the mode and
 * mtime asked for go on the final root only.
 */
package dev.vipfs.ipfs.unixfs.importer;
