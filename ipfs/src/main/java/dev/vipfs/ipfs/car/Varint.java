package dev.vipfs.ipfs.car;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Unsigned LEB128 varints as used by multiformats, limited to 9 bytes (63 bits) like the spec says. */
final class Varint {
    private Varint() {
    }

    /** Reads a varint, or returns -1 on a clean end of stream before its first byte. */
    static long read(InputStream in, String what) throws IOException {
        long value = 0;
        for (int i = 0; i < 9; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) {
                    return -1;
                }
                throw new CarFormatException("CAR truncated inside the varint of " + what);
            }
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new CarFormatException("non-minimal varint encoding of " + what);
                }
                return value;
            }
        }
        throw new CarFormatException("varint of " + what + " is longer than 9 bytes");
    }

    /** Decodes a varint from a buffer starting at pos[0], advancing pos[0]. */
    static long read(byte[] buf, int[] pos, String what) throws CarFormatException {
        long value = 0;
        for (int i = 0; i < 9; i++) {
            if (pos[0] >= buf.length) {
                throw new CarFormatException("truncated varint in " + what);
            }
            int b = buf[pos[0]++] & 0xff;
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new CarFormatException("varint in " + what + " is longer than 9 bytes");
    }

    static void write(OutputStream out, long value) throws IOException {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    static int size(long value) {
        int n = 1;
        while ((value & ~0x7fL) != 0) {
            n++;
            value >>>= 7;
        }
        return n;
    }
}
