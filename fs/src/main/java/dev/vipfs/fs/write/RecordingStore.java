package dev.vipfs.fs.write;

import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.block.ForwardingBlockStore;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A store that remembers what one import put, so an abandoned import (a file that stopped being
 * written front to back) can take its blocks back out instead of leaving them as garbage. Every
 * block of an envelope is unique to it (a fresh file key), so none is shared with other content.
 */
final class RecordingStore extends ForwardingBlockStore {
    private final List<Cid> put = new ArrayList<>();

    RecordingStore(BlockStore store) {
        super(store);
    }

    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        super.put(cid, data);
        record(cid);
    }

    @Override
    public void putHashed(Cid cid, byte[] data) throws IOException {
        super.putHashed(cid, data);
        record(cid);
    }

    private synchronized void record(Cid cid) {
        put.add(cid);
    }

    /** Discards every block this import put; failures only leave garbage behind, so they are ignored. */
    synchronized void discardAll() {
        for (Cid c : put) {
            try {
                discard(c);
            } catch (IOException ignored) {
                // an unreferenced block left in the store costs space, nothing else
            }
        }
        put.clear();
    }
}
