package dev.vipfs.fs.write;

import java.io.IOException;
import java.io.InputStream;

/** A stream that only reads in bulk: the single-byte read is a bulk read of one. */
abstract class BulkInputStream extends InputStream {
    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }
}
