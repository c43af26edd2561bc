package dev.vipfs.ipfs.block;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multihash;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory block store keyed by multihash (like Kubo), for tests and scratch imports. */
public final class MemoryBlockstore implements BlockStore {
    private final ConcurrentHashMap<Multihash, byte[]> blocks = new ConcurrentHashMap<>();

    @Override
    public byte[] get(Cid cid) throws IOException {
        byte[] inline = BlockVerifier.identityBlock(cid);
        if (inline != null) {
            return inline;
        }
        byte[] data = blocks.get(cid.multihash());
        if (data == null) {
            throw new BlockNotFoundException(cid, "the memory blockstore");
        }
        return BlockVerifier.verify(cid, data.clone(), "the memory blockstore");
    }

    /** Every block it has is on this machine already. */
    @Override
    public Optional<BlockSource> heldBlocksOnly() {
        return Optional.of(this);
    }

    @Override
    public boolean isLocal() {
        return true;
    }

    @Override
    public boolean has(Cid cid) {
        return cid.isIdentity() || blocks.containsKey(cid.multihash());
    }

    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        BlockVerifier.verify(cid, data, "a put to the memory blockstore");
        if (!cid.isIdentity()) {
            blocks.putIfAbsent(cid.multihash(), data.clone());
        }
    }

    @Override
    public void discard(Cid cid) {
        delete(cid);
    }

    /** Removes a block (tests use this to simulate missing blocks). */
    public void delete(Cid cid) {
        blocks.remove(cid.multihash());
    }

    /** Copies of all stored blocks, in no particular order (for tests and fuzzing). */
    public java.util.List<byte[]> blocksForTests() {
        java.util.List<byte[]> out = new java.util.ArrayList<>();
        for (byte[] b : blocks.values()) {
            out.add(b.clone());
        }
        return out;
    }

    /** Number of stored blocks. */
    public int size() {
        return blocks.size();
    }
}
