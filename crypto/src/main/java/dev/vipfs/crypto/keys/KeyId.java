package dev.vipfs.crypto.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Key identifiers: the first 16 bytes of SHA-256("vipfs-key-id-v1" || first public key), written as
 * 32 lowercase hex digits. The id stays the same across rotations; versions tell them apart.
 */
public final class KeyId {
    /** Raw key id length in bytes. */
    public static final int BYTES = 16;
    private static final byte[] DOMAIN = "vipfs-key-id-v1".getBytes(StandardCharsets.US_ASCII);

    private KeyId() {
    }

    /** The key id of a key whose version 1 has the given public key. */
    public static String of(byte[] firstPublicKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(DOMAIN);
            byte[] h = sha.digest(firstPublicKey);
            return HexFormat.of().formatHex(Arrays.copyOf(h, BYTES));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Raw bytes of a key id string. */
    public static byte[] toBytes(String keyId) {
        requireValid(keyId);
        return HexFormat.of().parseHex(keyId);
    }

    /** Key id string of raw bytes. */
    public static String fromBytes(byte[] raw) {
        if (raw.length != BYTES) {
            throw new IllegalArgumentException("a key id is " + BYTES + " bytes");
        }
        return HexFormat.of().formatHex(raw);
    }

    /** Whether a string is a well-formed key id. */
    public static boolean isValid(String keyId) {
        return keyId != null && keyId.length() == 2 * BYTES && keyId.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    static void requireValid(String keyId) {
        if (!isValid(keyId)) {
            throw new IllegalArgumentException("'" + keyId + "' is not a key id (32 lowercase hex digits)");
        }
    }
}
