/**
 * UnixFS directories, read from blocks anyone may have written: basic directories (one dag-pb node,
 * a link per entry) and HAMT-sharded ones, as the UnixFS spec (specs.ipfs.tech/unixfs, "HAMTShard")
 * defines them. Like boxo's {@code ipld/unixfs/hamt}, with the reading side only: the importer
 * builds HAMTs from the same hash and slot rule ({@link dev.vipfs.ipfs.unixfs.directory.Murmur3},
 * {@link dev.vipfs.ipfs.unixfs.directory.HamtIndex}).
 * <pre>
 *   DirectoryReader.list / lookup          basic directory: its links are the entries
 *        │
 *        └─ HamtDirectory  (walk)          HAMT root shard, fanout F slots, link names
 *             └─ HamtShard (checked)         "XX" + name  an entry in slot XX
 *                                            "XX"         a subshard one level down
 * </pre>
 * A name's slot at level L is the L-th group of log2(F) bits of its murmur3-x64-64 hash, so each
 * name has one place. Everything a HAMT cannot have (a shard reached twice, two links in one slot,
 * an entry off its hash path, a fanout not a power of two from 8 to 1024, a depth past the hash)
 * is a {@link dev.vipfs.ipfs.unixfs.codec.UnixfsFormatException}, and every listing is bounded by
 * {@link dev.vipfs.ipfs.unixfs.directory.DirectoryLimits}
 * ({@link dev.vipfs.ipfs.unixfs.directory.DirectoryTooLargeException} past them): a few kilobytes
 * of crafted shards must not become millions of entries in the daemon's heap.
 */
package dev.vipfs.ipfs.unixfs.directory;
