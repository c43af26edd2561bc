package dev.vipfs.fs.content;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.io.IOException;
import java.nio.ByteBuffer;

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
    public int read(long offset, ByteBuffer dst) throws IOException {
        if (dst.hasArray()) {
            int n = read(offset, dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            dst.position(dst.position() + n);
            return n;
        }
        // Plaintext objects are served only by mounts that allow them: an extra copy is fine there.
        byte[] tmp = new byte[(int) Math.max(0, Math.min(dst.remaining(), size - Math.min(offset, size)))];
        int n = read(offset, tmp, 0, tmp.length);
        dst.put(tmp, 0, n);
        return n;
    }

    @Override
    public long size() {
        return size;
    }
}
