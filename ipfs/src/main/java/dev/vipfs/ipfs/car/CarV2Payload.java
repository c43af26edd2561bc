package dev.vipfs.ipfs.car;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The CARv1 payload inside a CARv2 file: the 11-byte pragma (already read as a v1-style header
 * saying version 2), a 40-byte fixed header whose data offset and size (little-endian) locate the
 * payload, then the payload, then an index that a streaming reader never needs, so it is cut off.
 */
final class CarV2Payload {
    private static final int V2_PRAGMA_AND_HEADER = 11 + 40;

    private CarV2Payload() {
    }

    /**
     * Reads the v2 fixed header from {@code in} (positioned after the pragma), skips to the data
     * payload and limits reading to the payload's size.
     */
    static InputStream open(InputStream in) throws IOException {
        byte[] fixed = in.readNBytes(40);
        if (fixed.length != 40) {
            throw new CarFormatException("CARv2 truncated inside its 40-byte header");
        }
        long dataOffset = le64(fixed, 16);
        long dataSize = le64(fixed, 24);
        if (dataOffset < V2_PRAGMA_AND_HEADER || dataSize < 0) {
            throw new CarFormatException("CARv2 header has an impossible data offset " + dataOffset + " or size " + dataSize);
        }
        long skip = dataOffset - V2_PRAGMA_AND_HEADER;
        while (skip > 0) {
            long n = in.skip(skip);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new CarFormatException("CARv2 truncated before its data payload");
                }
                n = 1;
            }
            skip -= n;
        }
        return new BoundedInputStream(in, dataSize);
    }

    private static long le64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    /** Ends the stream after a fixed number of bytes: the CARv2 payload, not its index. */
    private static final class BoundedInputStream extends FilterInputStream {
        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(Math.min(n, remaining));
            remaining -= s;
            return s;
        }
    }
}
