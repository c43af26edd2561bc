package dev.vipfs.fs.fuse;

import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A block source that remembers which CIDs were fetched, to prove what a mount did not read. */
final class CountingSource implements BlockSource {
    private final BlockSource inner;
    final Set<Cid> fetched = ConcurrentHashMap.newKeySet();

    CountingSource(BlockSource inner) {
        this.inner = inner;
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        fetched.add(cid);
        return inner.get(cid);
    }

    @Override
    public boolean has(Cid cid) throws IOException {
        return inner.has(cid);
    }
}
