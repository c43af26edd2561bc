package dev.vipfs.ipfs.dagpb;

import java.util.Arrays;

/** Bounds-checked reader of protobuf wire format over a byte range; every failure is a DagPbFormatException. */
public final class ProtoReader {
    /** Wire type for varints. */
    public static final int VARINT = 0;
    /** Wire type for 64-bit fixed. */
    public static final int FIXED64 = 1;
    /** Wire type for length-delimited. */
    public static final int LEN = 2;
    /** Wire type for 32-bit fixed. */
    public static final int FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int end;

    /** Reads {@code buf[off, off+len)}. */
    public ProtoReader(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    /** Whether bytes remain. */
    public boolean hasMore() {
        return pos < end;
    }

    /** Current offset. */
    public int position() {
        return pos;
    }

    /** Reads an unsigned varint (up to 64 bits, rejecting overlong encodings). */
    public long varint() throws DagPbFormatException {
        long value = 0;
        for (int shift = 0, i = 0; i < 10; i++, shift += 7) {
            if (pos >= end) {
                throw new DagPbFormatException("truncated varint at offset " + pos);
            }
            int b = buf[pos++] & 0xFF;
            if (i == 9 && b > 1) {
                throw new DagPbFormatException("varint overflows 64 bits at offset " + (pos - 1));
            }
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new DagPbFormatException("non-minimal varint at offset " + (pos - 1));
                }
                return value;
            }
        }
        throw new DagPbFormatException("varint longer than 10 bytes at offset " + pos);
    }

    /** Reads a field key, returning {fieldNumber, wireType}. */
    public int[] key() throws DagPbFormatException {
        long k = varint();
        if (k > Integer.MAX_VALUE || (k >>> 3) == 0) {
            throw new DagPbFormatException("invalid protobuf field key " + k);
        }
        return new int[] {(int) (k >>> 3), (int) (k & 7)};
    }

    /** Reads a length prefix and returns {start, length} of the bytes, advancing past them. */
    public int[] lengthDelimited() throws DagPbFormatException {
        long len = varint();
        if (len > end - pos) {
            throw new DagPbFormatException("length " + len + " exceeds the " + (end - pos) + " remaining bytes");
        }
        int start = pos;
        pos += (int) len;
        return new int[] {start, (int) len};
    }

    /** Reads length-delimited bytes as a copy. */
    public byte[] bytes() throws DagPbFormatException {
        int[] r = lengthDelimited();
        return Arrays.copyOfRange(buf, r[0], r[0] + r[1]);
    }

    /** Reads a little-endian fixed32. */
    public int fixed32() throws DagPbFormatException {
        if (end - pos < 4) {
            throw new DagPbFormatException("truncated fixed32 at offset " + pos);
        }
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    /** Skips a field of the given wire type (for lenient decoders). */
    public void skip(int wireType) throws DagPbFormatException {
        switch (wireType) {
            case VARINT:
                varint();
                break;
            case FIXED64:
                if (end - pos < 8) {
                    throw new DagPbFormatException("truncated fixed64");
                }
                pos += 8;
                break;
            case LEN:
                lengthDelimited();
                break;
            case FIXED32:
                fixed32();
                break;
            default:
                throw new DagPbFormatException("unsupported protobuf wire type " + wireType);
        }
    }
}
