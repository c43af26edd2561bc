package dev.vipfs.crypto.envelope;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keys derived from an object's random file key with HKDF-SHA256 (RFC 5869), salted with the header
 * salt, so the file key itself never touches payload data and the MAC key is independent of it.
 */
final class FileKeys {
    static final byte[] PAYLOAD_INFO = "vipfs-envelope-v1 payload key".getBytes(StandardCharsets.US_ASCII);
    static final byte[] MAC_INFO = "vipfs-envelope-v1 header mac key".getBytes(StandardCharsets.US_ASCII);

    final byte[] payloadKey;
    final byte[] macKey;

    FileKeys(byte[] fileKey, byte[] salt) {
        byte[] prk = hmac(salt, fileKey);
        this.payloadKey = expand(prk, PAYLOAD_INFO);
        this.macKey = expand(prk, MAC_INFO);
        Arrays.fill(prk, (byte) 0);
    }

    /** HMAC-SHA256 over header bytes [0, len) under the MAC key. */
    byte[] headerMac(byte[] header, int len) {
        return hmac(macKey, header, 0, len);
    }

    /** Constant-time check of the header MAC stored at macOffset. */
    boolean verifyHeaderMac(byte[] header, int macOffset) {
        byte[] expected = headerMac(header, macOffset);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(header, macOffset, macOffset + HeaderLayout.MAC));
    }

    // A single 32-byte HKDF-Expand block: T(1) = HMAC(PRK, info || 0x01).
    private static byte[] expand(byte[] prk, byte[] info) {
        byte[] in = Arrays.copyOf(info, info.length + 1);
        in[info.length] = 1;
        return hmac(prk, in);
    }

    static byte[] hmac(byte[] key, byte[] data) {
        return hmac(key, data, 0, data.length);
    }

    static byte[] hmac(byte[] key, byte[] data, int off, int len) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(data, off, len);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256: " + e.getMessage(), e);
        }
    }

    static byte[] checksum(byte[] header, int len) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(header, 0, len);
            return Arrays.copyOf(sha.digest(), HeaderLayout.CHECKSUM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
