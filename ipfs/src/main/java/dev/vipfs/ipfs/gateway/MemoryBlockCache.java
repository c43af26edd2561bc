package dev.vipfs.ipfs.gateway;

import dev.vipfs.ipfs.block.BlockNotFoundException;
import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.block.BlockVerifier;
import dev.vipfs.ipfs.block.IntegrityException;
import dev.vipfs.ipfs.cid.Cid;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded in-memory block store that forgets the least recently used blocks once its byte
 * budget is exceeded. The default cache of a {@link GatewayBlockSource}. Thread-safe.
 */
public final class MemoryBlockCache implements BlockStore {
    private final long maxBytes;
    private final LinkedHashMap<Cid, byte[]> blocks = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    /** A cache holding at most {@code maxBytes} of block data. */
    public MemoryBlockCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    @Override
    public synchronized byte[] get(Cid cid) throws BlockNotFoundException {
        byte[] data = blocks.get(cid);
        if (data == null) {
            throw new BlockNotFoundException("block " + cid + " is not in the memory cache");
        }
        return data.clone();
    }

    @Override
    public synchronized boolean has(Cid cid) {
        return blocks.containsKey(cid);
    }

    /** Stores a verified copy; blocks larger than the whole budget are not kept. */
    @Override
    public synchronized void put(Cid cid, byte[] data) throws IntegrityException {
        BlockVerifier.verify(cid, data, "a put to the memory block cache");
        if (data.length > maxBytes || blocks.containsKey(cid)) {
            return;
        }
        blocks.put(cid, data.clone());
        bytes += data.length;
        var it = blocks.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<Cid, byte[]> eldest = it.next();
            bytes -= eldest.getValue().length;
            it.remove();
        }
    }

    /** Number of cached blocks. */
    public synchronized int size() {
        return blocks.size();
    }

    @Override
    public synchronized void close() {
        blocks.clear();
        bytes = 0;
    }
}
