/**
 * The block layer's contracts and local stores. A {@link dev.vipfs.ipfs.block.BlockSource} hands out
 * blocks by CID and never bytes that do not hash to it; {@link dev.vipfs.ipfs.block.BlockVerifier}
 * is the one place that checks (every source that receives bytes from outside the process calls it:
 * Kubo, gateways, CAR streams, the embedded store's files) and answers identity CIDs without I/O.
 * {@link dev.vipfs.ipfs.block.BlockStore} adds puts, {@link dev.vipfs.ipfs.block.ReadAheadSource}
 * and {@link dev.vipfs.ipfs.block.DagExporter} the read-ahead hooks. The stores here are local:
 * {@link dev.vipfs.ipfs.block.EmbeddedBlockstore} (pack files on disk, docs/blockstore.md) and
 * {@link dev.vipfs.ipfs.block.MemoryBlockstore}; the remote sources live in {@code kubo} and
 * {@code gateway}, memory caches in {@code block.cache}, HTTP plumbing in {@code http}.
 */
package dev.vipfs.ipfs.block;
