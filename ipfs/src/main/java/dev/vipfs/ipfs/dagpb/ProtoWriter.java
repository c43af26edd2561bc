package dev.vipfs.ipfs.dagpb;

import java.io.ByteArrayOutputStream;

/** Minimal protobuf wire-format writer, emitting fields in the order called. */
public final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

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
        out.write(value, 0, value.length);
        return this;
    }

    /** Writes a fixed32 field. */
    public ProtoWriter fixed32Field(int field, int value) {
        varint((long) field << 3 | ProtoReader.FIXED32);
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
        return this;
    }

    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** Size in bytes a varint takes. */
    public static int varintSize(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /** The bytes written so far. */
    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
