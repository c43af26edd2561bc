package dev.vipfs.ipfs.cid;

import java.io.ByteArrayOutputStream;

/** Unsigned LEB128 varints as used by multiformats (at most 9 bytes, minimal encoding). */
public final class Varint {
    private Varint() {
    }

    /** Result of decoding a varint: the value and how many bytes it took. */
    public record Decoded(long value, int length) {
    }

    /** Number of bytes {@code value} takes as a varint. */
    public static int size(long value) {
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /** Appends {@code value} as a varint. */
    public static void write(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    /** Encodes {@code value} as a varint. */
    public static byte[] encode(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(10);
        write(out, value);
        return out.toByteArray();
    }

    /**
     * Decodes a varint at {@code offset}; multiformats forbids non-minimal encodings and values
     * over 63 bits, so both are rejected.
     */
    public static Decoded read(byte[] buf, int offset) {
        long value = 0;
        int shift = 0;
        for (int i = offset; i < buf.length; i++) {
            int b = buf[i] & 0xFF;
            if (shift == 63 && b > 0) {
                throw new IllegalArgumentException("varint overflows 63 bits");
            }
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && i > offset) {
                    throw new IllegalArgumentException("varint is not minimally encoded");
                }
                return new Decoded(value, i - offset + 1);
            }
            shift += 7;
            if (shift > 63) {
                throw new IllegalArgumentException("varint is longer than 9 bytes");
            }
        }
        throw new IllegalArgumentException("truncated varint");
    }
}
