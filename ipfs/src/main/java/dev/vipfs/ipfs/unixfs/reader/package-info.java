/**
 * Reading UnixFS content (specs.ipfs.tech/unixfs) from blocks that anyone may have written, as
 * boxo's {@code ipld/unixfs/io} does: {@link dev.vipfs.ipfs.unixfs.reader.UnixfsReader} stats a node
 * from its root block alone ({@link dev.vipfs.ipfs.unixfs.reader.UnixfsStat}), reads any byte range
 * of a file fetching only the blocks on the way to the leaves that cover it, announces the leaves a
 * sequential reader needs next to a read-ahead source, reads symlinks, and hands directories to
 * {@code unixfs.directory}. Decoded interior nodes may be kept ({@code InteriorCache}); leaves never.
 * A random reader may have a file's parents loaded ahead ({@code InteriorPrefetch}), within half
 * that cache.
 * <pre>
 *   read(file, offset, len)
 *     root (File: Data, blocksizes b0 b1 b2 …)   the blocksizes say which child holds offset
 *       └─ child i (File, or a raw leaf)         the same step, one level down
 *            └─ leaf                             the bytes, copied out
 * </pre>
 * A file whose blocksizes disagree with its children, whose data ends early, or whose tree is
 * deeper than any importer builds is a {@link dev.vipfs.ipfs.unixfs.codec.UnixfsFormatException};
 * a file operation on something else is a {@link dev.vipfs.ipfs.unixfs.reader.NotAFileException}.
 */
package dev.vipfs.ipfs.unixfs.reader;
