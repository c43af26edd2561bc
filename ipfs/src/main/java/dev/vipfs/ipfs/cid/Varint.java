package dev.vipfs.ipfs.cid;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Unsigned LEB128 varints as used by multiformats (at most 9 bytes, minimal encoding): in CIDs,
 * multihashes and the section lengths of CAR streams. Malformed input is an
 * {@link IllegalArgumentException}; callers that read a format put it in that format's terms.
 */
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
        out.writeBytes(encode(value));
    }

    /** Writes {@code value} as a varint. */
    public static void write(OutputStream out, long value) throws IOException {
        out.write(encode(value));
    }

    /** Encodes {@code value} as a varint. */
    public static byte[] encode(long value) {
        byte[] bytes = new byte[size(value)];
        for (int i = 0; i < bytes.length - 1; i++) {
            bytes[i] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[bytes.length - 1] = (byte) value;
        return bytes;
    }

    /**
     * Reads a varint from a stream, or returns -1 on a clean end of stream before its first byte;
     * an end inside the varint is an {@link EOFException}.
     */
    public static long read(InputStream in) throws IOException {
        long value = 0;
        for (int i = 0; i < 9; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) {
                    return -1;
                }
                throw new EOFException("stream ends inside a varint");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new IllegalArgumentException("varint is not minimally encoded");
                }
                return value;
            }
        }
        throw new IllegalArgumentException("varint is longer than 9 bytes");
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
