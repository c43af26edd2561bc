package dev.vipfs.ipfs.block;

import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;

/** A store that passes every call to another one; subclasses override what they watch or change. */
public abstract class ForwardingBlockStore implements BlockStore {
    private final BlockStore delegate;

    protected ForwardingBlockStore(BlockStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        return delegate.get(cid);
    }

    @Override
    public boolean has(Cid cid) throws IOException {
        return delegate.has(cid);
    }

    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        delegate.put(cid, data);
    }

    @Override
    public void putHashed(Cid cid, byte[] data) throws IOException {
        delegate.putHashed(cid, data);
    }

    @Override
    public void sync() throws IOException {
        delegate.sync();
    }

    @Override
    public void pin(Cid root) throws IOException {
        delegate.pin(root);
    }

    @Override
    public void repin(Cid from, Cid to) throws IOException {
        delegate.repin(from, to);
    }

    @Override
    public void discard(Cid cid) throws IOException {
        delegate.discard(cid);
    }
}
