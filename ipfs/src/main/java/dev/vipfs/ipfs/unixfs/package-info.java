/**
 * UnixFS (specs.ipfs.tech/unixfs) over dag-pb: reading files, directories and HAMT shards from
 * untrusted blocks ({@link dev.vipfs.ipfs.unixfs.UnixfsReader}, {@link dev.vipfs.ipfs.unixfs.directory.HamtDirectory}),
 * and importing as Kubo/boxo do ({@link dev.vipfs.ipfs.unixfs.importer.UnixfsImporter}, with
 * {@link dev.vipfs.ipfs.unixfs.importer.ImportOptions} mirroring {@code ipfs add}'s flags and IPIP-499 profiles).
 * The balanced layout of a file, filled left to right as boxo's importer/balanced builder does:
 * <pre>
 *                    root (File, blocksizes of its children)
 *              /               |                  \
 *        node (≤ maxLinks)   node                node         each a File with blocksizes
 *       /    |    \         /  |  \             /    \
 *    leaf  leaf  leaf ... leaf leaf leaf ...  leaf  leaf      chunkSize bytes (raw, or File)
 * </pre>
 * A directory above its threshold is a HAMT: shards of {@code fanout} slots chosen by the murmur3
 * hash of each name; the reader refuses every shape a HAMT cannot have (docs/architecture.md).
 */
package dev.vipfs.ipfs.unixfs;
