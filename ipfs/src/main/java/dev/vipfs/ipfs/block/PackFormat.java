package dev.vipfs.ipfs.block;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The byte layout of pack files and their index files (docs/blockstore.md, "Pack files"). All
 * integers are big-endian. A record is {@code mhLen u32, dataLen u32, multihash, data, crc32c u32}
 * with the CRC over everything before it; an index entry is {@code kind u8, mhLen u8, multihash,
 * recordOffset u64, recordLength u32, crc32c u32}. The CRCs find torn tails and misplaced records;
 * they are not what makes a block trustworthy (the SHA-256 of {@link BlockVerifier} is).
 */
final class PackFormat {
    static final byte[] PACK_MAGIC = "VIPFSPK1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] INDEX_MAGIC = "VIPFSIX1".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 8;
    /** mhLen and dataLen before the multihash; the CRC after the data. */
    static final int RECORD_OVERHEAD = 12;
    static final byte KIND_BLOCK = 1;
    /** The block at this offset was discarded: it no longer counts as stored. */
    static final byte KIND_DISCARD = 2;
    static final int MAX_MULTIHASH = 255;

    private PackFormat() {
    }

    static int recordLength(int mhLen, int dataLen) {
        return RECORD_OVERHEAD + mhLen + dataLen;
    }

    /** The record's head (lengths and multihash); the data and {@link #crc} follow it. */
    static ByteBuffer recordHead(byte[] mh, int dataLen) {
        ByteBuffer b = ByteBuffer.allocate(8 + mh.length);
        b.putInt(mh.length).putInt(dataLen).put(mh).flip();
        return b;
    }

    /** The record's trailing CRC32C over its head and data. */
    static ByteBuffer recordCrc(ByteBuffer head, byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(head.duplicate());
        crc.update(data);
        ByteBuffer b = ByteBuffer.allocate(4);
        b.putInt((int) crc.getValue()).flip();
        return b;
    }

    /** {@link #checkRecord}'s answer for a whole record of another block (two multihashes with one index key). */
    static final int OTHER_BLOCK = -2;
    /** {@link #checkRecord}'s answer for a torn, misplaced or corrupted record. */
    static final int DAMAGED = -1;

    /**
     * Checks a whole record in {@code rec[0, limit)} against the multihash it must hold; returns the
     * data's length (it starts at {@code 8 + mh.length}), {@link #OTHER_BLOCK} or {@link #DAMAGED}.
     */
    static int checkRecord(ByteBuffer rec, byte[] mh) {
        int limit = rec.limit();
        if (limit < RECORD_OVERHEAD) {
            return DAMAGED;
        }
        int mhLen = rec.getInt(0);
        int dataLen = rec.getInt(4);
        if (mhLen < 0 || dataLen < 0 || (long) RECORD_OVERHEAD + mhLen + dataLen != limit) {
            return DAMAGED;
        }
        CRC32C crc = new CRC32C();
        crc.update(rec.duplicate().position(0).limit(limit - 4));
        if ((int) crc.getValue() != rec.getInt(limit - 4)) {
            return DAMAGED;
        }
        return holds(rec, mh) ? dataLen : OTHER_BLOCK;
    }

    /** Whether the record head at {@code rec[0..]} names exactly {@code mh}. */
    static boolean holds(ByteBuffer rec, byte[] mh) {
        if (rec.limit() < 8 + mh.length || rec.getInt(0) != mh.length) {
            return false;
        }
        for (int i = 0; i < mh.length; i++) {
            if (rec.get(8 + i) != mh[i]) {
                return false;
            }
        }
        return true;
    }

    /** One index entry. */
    static byte[] indexEntry(byte kind, byte[] mh, long offset, int length) {
        ByteBuffer b = ByteBuffer.allocate(indexEntryLength(mh.length));
        b.put(kind).put((byte) mh.length).put(mh).putLong(offset).putInt(length);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    static int indexEntryLength(int mhLen) {
        return 2 + mhLen + 8 + 4 + 4;
    }

    /** A decoded index entry. */
    record Entry(byte kind, byte[] multihash, long offset, int length) {
    }

    /**
     * The entry at {@code buf}'s position, advancing past it; null (position unchanged) when the rest
     * is an incomplete or corrupted entry: a tail still being written, or torn by a crash.
     */
    static Entry nextEntry(ByteBuffer buf) {
        int start = buf.position();
        if (buf.remaining() < 2) {
            return null;
        }
        byte kind = buf.get(start);
        int mhLen = buf.get(start + 1) & 0xff;
        int len = indexEntryLength(mhLen);
        if ((kind != KIND_BLOCK && kind != KIND_DISCARD) || mhLen == 0 || buf.remaining() < len) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().position(start).limit(start + len - 4));
        if ((int) crc.getValue() != buf.getInt(start + len - 4)) {
            return null;
        }
        byte[] mh = new byte[mhLen];
        buf.get(start + 2, mh);
        long offset = buf.getLong(start + 2 + mhLen);
        int length = buf.getInt(start + 2 + mhLen + 8);
        buf.position(start + len);
        return new Entry(kind, mh, offset, length);
    }
}
