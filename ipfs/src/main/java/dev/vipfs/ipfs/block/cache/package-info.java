/**
 * Blocks kept in memory. {@link dev.vipfs.ipfs.block.cache.BlockCache} is the one cache of the block
 * layer (Caffeine, bounded by bytes, keyed by multihash); the others here are what is built on it:
 * {@link dev.vipfs.ipfs.block.cache.CachingBlockSource} in front of a slow source, with read-ahead of
 * announced leaves as one CAR stream ({@code LeafStream}), and
 * {@link dev.vipfs.ipfs.block.cache.MemoryCacheStore}, a store that forgets (a gateway's default).
 * The UnixFS reader keeps its decoded interior nodes in a {@code BlockCache} too. Nothing here
 * verifies: what is kept came from a source that did (see {@link dev.vipfs.ipfs.block.BlockVerifier}),
 * except {@code MemoryCacheStore.put}, which is a store's put and checks like every other.
 */
package dev.vipfs.ipfs.block.cache;
