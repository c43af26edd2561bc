package dev.vipfs.crypto.envelope;

import java.nio.charset.StandardCharsets;

/**
 * Byte layout of a v1 envelope header (see docs/format.md).
 *
 * <pre>
 * magic "VIPFSENV" (8) | format version (1) | log2 segment size (1) | stanza count n (2, big-endian)
 * | salt (32) | n stanzas of 100 bytes | HMAC-SHA256 (32) | checksum (16)
 * stanza = key id (16) | key version (4, big-endian) | HPKE enc (32) | HPKE-sealed file key (48)
 * </pre>
 */
final class HeaderLayout {
    static final byte[] MAGIC = "VIPFSENV".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;
    static final int SEGMENT_LOG2 = 16;
    static final int PREFIX = 12;
    static final int SALT = 32;
    static final int SALT_OFFSET = PREFIX;
    static final int STANZAS_OFFSET = SALT_OFFSET + SALT;
    static final int KEY_ID = 16;
    static final int KEY_VERSION = 4;
    static final int ENC = 32;
    static final int FILE_KEY = 32;
    static final int SEALED_FILE_KEY = FILE_KEY + 16;
    static final int STANZA = KEY_ID + KEY_VERSION + ENC + SEALED_FILE_KEY;
    static final int MAC = 32;
    static final int CHECKSUM = 16;
    static final int MAX_STANZAS = 1024;

    private HeaderLayout() {
    }

    static int length(int stanzas) {
        return STANZAS_OFFSET + stanzas * STANZA + MAC + CHECKSUM;
    }

    static int stanzaOffset(int i) {
        return STANZAS_OFFSET + i * STANZA;
    }

    static int macOffset(int stanzas) {
        return STANZAS_OFFSET + stanzas * STANZA;
    }

    static int checksumOffset(int stanzas) {
        return macOffset(stanzas) + MAC;
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static int u32(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void putU32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
