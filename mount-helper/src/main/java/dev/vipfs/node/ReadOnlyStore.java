package dev.vipfs.node;

import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;

/** Presents a read-only block source as a store whose writes fail with a clear reason. */
final class ReadOnlyStore implements BlockStore {
    private final BlockSource source;
    private final String reason;

    ReadOnlyStore(BlockSource source, String reason) {
        this.source = source;
        this.reason = reason;
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        return source.get(cid);
    }

    @Override
    public boolean has(Cid cid) throws IOException {
        return source.has(cid);
    }

    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        throw new IOException(reason);
    }

    @Override
    public void close() {
        try {
            source.close();
        } catch (Exception ignored) {
            // Closing only releases connection pools; nothing is lost if it fails.
        }
    }
}
