package dev.vipfs.ipfs.dagpb;

import java.util.Arrays;

/** Minimal protobuf wire-format writer, emitting fields in the order called. */
public final class ProtoWriter {
    private byte[] buf;
    private int count;

    /** A writer for small messages. */
    public ProtoWriter() {
        this(32);
    }

    /**
     * A writer sized for about {@code expectedBytes}: a 256 KiB leaf written into a small buffer
     * would be copied at every doubling, several times per block on the import path. When the
     * size is exact, {@link #toByteArray()} hands over the buffer without copying it.
     */
    public ProtoWriter(int expectedBytes) {
        buf = new byte[Math.max(1, expectedBytes)];
    }

    private void ensure(int more) {
        if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(count + more, buf.length * 2));
        }
    }

    private void write(int b) {
        ensure(1);
        buf[count++] = (byte) b;
    }

    /** Writes a varint field. */
    public ProtoWriter varintField(int field, long value) {
        varint((long) field << 3);
        varint(value);
        return this;
    }

    /** Writes a length-delimited field. */
    public ProtoWriter bytesField(int field, byte[] value) {
        varint((long) field << 3 | ProtoReader.LEN);
        varint(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, buf, count, value.length);
        count += value.length;
        return this;
    }

    /** Writes the key and length of a length-delimited field whose {@code length} bytes the caller writes next. */
    public ProtoWriter lengthPrefix(int field, int length) {
        varint((long) field << 3 | ProtoReader.LEN);
        varint(length);
        return this;
    }

    /** Leaves {@code length} zero bytes for the caller to fill later; returns where they start. */
    public int reserve(int length) {
        ensure(length);
        int at = count;
        count += length;
        return at;
    }

    /** Writes a fixed32 field. */
    public ProtoWriter fixed32Field(int field, int value) {
        varint((long) field << 3 | ProtoReader.FIXED32);
        write(value);
        write(value >>> 8);
        write(value >>> 16);
        write(value >>> 24);
        return this;
    }

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        write((int) v);
    }

    /** Size in bytes a varint takes. */
    public static int varintSize(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /** The bytes written so far; the writer must not be used afterwards (its buffer may be the result). */
    public byte[] toByteArray() {
        return count == buf.length ? buf : Arrays.copyOf(buf, count);
    }
}
