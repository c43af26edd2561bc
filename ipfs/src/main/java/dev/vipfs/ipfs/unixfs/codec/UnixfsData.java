package dev.vipfs.ipfs.unixfs.codec;

import dev.vipfs.ipfs.dagpb.DagPbFormatException;
import dev.vipfs.ipfs.dagpb.ProtoReader;
import dev.vipfs.ipfs.dagpb.ProtoWriter;
import java.time.Instant;
import java.util.Arrays;

/**
 * The UnixFS {@code Data} protobuf carried in a dag-pb node's Data field. Optional fields are
 * null when absent; encoding writes fields in field-number order, as gogo-protobuf does for boxo.
 */
public record UnixfsData(int type, byte[] data, Long filesize, long[] blocksizes, Long hashType, Long fanout,
        Integer mode, Instant mtime) {
    /** Type Raw. */
    public static final int RAW = 0;
    /** Type Directory. */
    public static final int DIRECTORY = 1;
    /** Type File. */
    public static final int FILE = 2;
    /** Type Metadata (unsupported). */
    public static final int METADATA = 3;
    /** Type Symlink. */
    public static final int SYMLINK = 4;
    /** Type HAMTShard. */
    public static final int HAMT_SHARD = 5;
    /** Hash function code for HAMT shards: murmur3-x64-64. */
    public static final long MURMUR3_X64_64 = 0x22;

    /** Defensive copy of blocksizes. */
    public UnixfsData {
        blocksizes = blocksizes == null ? new long[0] : blocksizes.clone();
    }

    /** Copy of blocksizes. */
    @Override
    public long[] blocksizes() {
        return blocksizes.clone();
    }

    /** Number of blocksizes. */
    public int blocksizeCount() {
        return blocksizes.length;
    }

    /** One blocksize. */
    public long blocksize(int i) {
        return blocksizes[i];
    }

    /** Data bytes length (0 when absent). */
    public int dataLength() {
        return data == null ? 0 : data.length;
    }

    /** The length of {@link #encode()}'s result, so a leaf's Data is written once, into a buffer of its size. */
    private int encodedSize() {
        int n = 1 + ProtoWriter.varintSize(type);
        if (data != null) {
            n += 1 + ProtoWriter.varintSize(data.length) + data.length;
        }
        if (filesize != null) {
            n += 1 + ProtoWriter.varintSize(filesize);
        }
        for (long b : blocksizes) {
            n += 1 + ProtoWriter.varintSize(b);
        }
        if (hashType != null) {
            n += 1 + ProtoWriter.varintSize(hashType);
        }
        if (fanout != null) {
            n += 1 + ProtoWriter.varintSize(fanout);
        }
        if (mode != null) {
            n += 1 + ProtoWriter.varintSize(mode & 0xFFFFFFFFL);
        }
        if (mtime != null) {
            int t = 1 + ProtoWriter.varintSize(mtime.getEpochSecond()) + (mtime.getNano() != 0 ? 5 : 0);
            n += 1 + ProtoWriter.varintSize(t) + t;
        }
        return n;
    }

    /** Encodes to protobuf bytes. */
    public byte[] encode() {
        ProtoWriter w = new ProtoWriter(encodedSize()).varintField(1, type);
        if (data != null) {
            w.bytesField(2, data);
        }
        if (filesize != null) {
            w.varintField(3, filesize);
        }
        for (long b : blocksizes) {
            w.varintField(4, b);
        }
        if (hashType != null) {
            w.varintField(5, hashType);
        }
        if (fanout != null) {
            w.varintField(6, fanout);
        }
        if (mode != null) {
            w.varintField(7, mode & 0xFFFFFFFFL);
        }
        if (mtime != null) {
            ProtoWriter t = new ProtoWriter().varintField(1, mtime.getEpochSecond());
            if (mtime.getNano() != 0) {
                t.fixed32Field(2, mtime.getNano());
            }
            w.bytesField(8, t.toByteArray());
        }
        return w.toByteArray();
    }

    /** Decodes UnixFS Data; unknown fields are skipped, wrong wire types and bad values rejected. */
    public static UnixfsData decode(byte[] buf) throws UnixfsFormatException {
        return decode(buf, 0, buf.length, null);
    }

    /**
     * Decodes UnixFS Data from {@code buf[off, off+len)} like {@link #decode(byte[])}. With a
     * {@code dataRange}, the Data field (a file leaf's content) is left in {@code buf}: the result has
     * no data, and {@code dataRange} receives its offset and length in {@code buf} (offset -1 when absent).
     */
    public static UnixfsData decode(byte[] buf, int off, int len, int[] dataRange) throws UnixfsFormatException {
        try {
            return decodeOrThrow(buf, off, len, dataRange);
        } catch (DagPbFormatException e) {
            throw new UnixfsFormatException("malformed UnixFS Data: " + e.getMessage());
        }
    }

    private static UnixfsData decodeOrThrow(byte[] buf, int off, int len, int[] dataRange)
            throws DagPbFormatException, UnixfsFormatException {
        ProtoReader r = new ProtoReader(buf, off, len);
        if (dataRange != null) {
            dataRange[0] = -1;
            dataRange[1] = 0;
        }
        Integer type = null;
        byte[] data = null;
        Long filesize = null;
        long[] blocksizes = new long[4];
        int nb = 0;
        Long hashType = null;
        Long fanout = null;
        Integer mode = null;
        Instant mtime = null;
        while (r.hasMore()) {
            int[] key = r.key();
            int f = key[0];
            int wire = key[1];
            if (f == 4 && wire == ProtoReader.LEN) { // packed blocksizes
                int[] range = r.lengthDelimited();
                ProtoReader p = new ProtoReader(buf, range[0], range[1]);
                while (p.hasMore()) {
                    if (nb == blocksizes.length) {
                        blocksizes = Arrays.copyOf(blocksizes, nb * 2);
                    }
                    blocksizes[nb++] = nonNegative(p.varint(), "blocksize");
                }
                continue;
            }
            if (f >= 1 && f <= 8) {
                int expected = (f == 2 || f == 8) ? ProtoReader.LEN : ProtoReader.VARINT;
                if (wire != expected) {
                    throw new UnixfsFormatException("malformed UnixFS Data: field " + f + " has wire type " + wire);
                }
            }
            switch (f) {
                case 1:
                    long t = r.varint();
                    if (t < 0 || t > HAMT_SHARD) {
                        throw new UnixfsFormatException("unknown UnixFS type " + t);
                    }
                    type = (int) t;
                    break;
                case 2:
                    if (dataRange == null) {
                        data = r.bytes();
                    } else {
                        int[] at = r.lengthDelimited();
                        dataRange[0] = at[0];
                        dataRange[1] = at[1];
                    }
                    break;
                case 3:
                    filesize = nonNegative(r.varint(), "filesize");
                    break;
                case 4:
                    if (nb == blocksizes.length) {
                        blocksizes = Arrays.copyOf(blocksizes, nb * 2);
                    }
                    blocksizes[nb++] = nonNegative(r.varint(), "blocksize");
                    break;
                case 5:
                    hashType = r.varint();
                    break;
                case 6:
                    fanout = r.varint();
                    break;
                case 7:
                    mode = (int) (r.varint() & 0xFFFFFFFFL);
                    break;
                case 8:
                    mtime = decodeTime(r.bytes());
                    break;
                default:
                    r.skip(wire);
            }
        }
        if (type == null) {
            throw new UnixfsFormatException("UnixFS Data has no Type field");
        }
        return new UnixfsData(type, data, filesize, Arrays.copyOf(blocksizes, nb), hashType, fanout, mode, mtime);
    }

    private static long nonNegative(long v, String what) throws UnixfsFormatException {
        if (v < 0) {
            throw new UnixfsFormatException("UnixFS " + what + " exceeds 2^63-1");
        }
        return v;
    }

    private static Instant decodeTime(byte[] b) throws DagPbFormatException, UnixfsFormatException {
        ProtoReader r = new ProtoReader(b, 0, b.length);
        long seconds = 0;
        int nanos = 0;
        while (r.hasMore()) {
            int[] key = r.key();
            if (key[0] == 1 && key[1] == ProtoReader.VARINT) {
                seconds = r.varint();
            } else if (key[0] == 2 && key[1] == ProtoReader.FIXED32) {
                nanos = r.fixed32();
                if (nanos < 0 || nanos > 999_999_999) {
                    throw new UnixfsFormatException("UnixFS mtime nanoseconds out of range: " + Integer.toUnsignedString(nanos));
                }
            } else {
                r.skip(key[1]);
            }
        }
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (java.time.DateTimeException e) {
            throw new UnixfsFormatException("UnixFS mtime out of range: " + seconds + " s");
        }
    }
}
