package dev.vipfs.ipfs.block.cache;

import dev.vipfs.ipfs.block.BlockNotFoundException;
import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.block.BlockVerifier;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;

/**
 * A block store that forgets: verified blocks in a bounded {@link BlockCache}. The default place a
 * {@code GatewayBlockSource} keeps what it fetched, and a scratch store for imports that need not last.
 */
public final class MemoryCacheStore implements BlockStore {
    private final BlockCache<byte[]> blocks;

    /** A store holding at most about {@code maxBytes} of blocks; the least useful are forgotten first. */
    public MemoryCacheStore(long maxBytes) {
        this.blocks = BlockCache.ofBlocks(maxBytes);
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        byte[] inline = BlockVerifier.identityBlock(cid);
        if (inline != null) {
            return inline;
        }
        byte[] data = blocks.get(cid);
        if (data == null) {
            throw new BlockNotFoundException("block " + cid + " is not in the memory cache");
        }
        // The kept array must stay as verified whatever the caller does with its copy.
        return data.clone();
    }

    @Override
    public boolean has(Cid cid) {
        return cid.isIdentity() || blocks.contains(cid);
    }

    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        putHashed(cid, BlockVerifier.verify(cid, data, "a put to the memory cache"));
    }

    /** Keeps a copy without hashing: the caller has just verified or computed these bytes' CID. */
    @Override
    public void putHashed(Cid cid, byte[] data) {
        if (!cid.isIdentity()) {
            blocks.put(cid, data.clone());
        }
    }

    /** Number of cached blocks. */
    public long size() {
        return blocks.size();
    }

    @Override
    public void close() {
        blocks.clear();
    }
}
