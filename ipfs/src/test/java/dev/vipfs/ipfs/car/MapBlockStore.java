package dev.vipfs.ipfs.car;

import dev.vipfs.ipfs.block.BlockNotFoundException;
import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.cid.Cid;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A minimal in-memory store for CAR tests, keyed by CID, counting reads. */
final class MapBlockStore implements BlockStore {
    final Map<Cid, byte[]> blocks = new ConcurrentHashMap<>();

    @Override
    public byte[] get(Cid cid) throws BlockNotFoundException {
        byte[] b = blocks.get(cid);
        if (b == null) {
            throw new BlockNotFoundException("block " + cid + " not in test store");
        }
        return b.clone();
    }

    @Override
    public boolean has(Cid cid) {
        return blocks.containsKey(cid);
    }

    @Override
    public void put(Cid cid, byte[] data) {
        blocks.put(cid, data.clone());
    }

    @Override
    public void close() {
    }
}
