package dev.vipfs.fs.content;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.UnixfsReader;
import java.io.IOException;

/** Reads an unencrypted UnixFS file as-is. */
public final class PlainContentReader implements ContentReader {
    private final UnixfsReader reader;
    private final Cid cid;
    private final long size;

    public PlainContentReader(UnixfsReader reader, Cid cid, long size) {
        this.reader = reader;
        this.cid = cid;
        this.size = size;
    }

    @Override
    public int read(long offset, byte[] dst, int dstOff, int len) throws IOException {
        if (offset >= size || len <= 0) {
            return 0;
        }
        return reader.readFully(cid, offset, dst, dstOff, (int) Math.min(len, size - offset));
    }

    @Override
    public long size() {
        return size;
    }
}
