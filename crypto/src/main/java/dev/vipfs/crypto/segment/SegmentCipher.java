package dev.vipfs.crypto.segment;

import dev.vipfs.crypto.EnvelopeIntegrityException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM over single payload segments, with the nonce bound to the segment index and the
 * last-segment flag so that truncation, reordering and splicing fail authentication.
 *
 * <p>Decryption is thread-safe (JDK Cipher objects are not, so each call takes one from a shared pool and
 * re-initialises it); encryption is confined to one thread, like the writer that uses it.
 * Only SunJCE is used because it is intrinsified (AES-NI/CLMUL); BouncyCastle's GCM is far slower.
 */
public final class SegmentCipher {
    /** GCM nonce length in bytes. */
    public static final int NONCE = 12;
    private static final String PROVIDER = "SunJCE";
    private static final DecryptorPool DECRYPTORS = new DecryptorPool();

    private final SecretKeySpec key;
    // Encryption is thread-confined to the writer that owns this instance, so one Cipher is reused.
    private Cipher encryptor;

    /** Creates a cipher for a 32-byte payload key. */
    public SegmentCipher(byte[] payloadKey) {
        if (payloadKey.length != 32) {
            throw new IllegalArgumentException("payload key must be 32 bytes, was " + payloadKey.length);
        }
        this.key = new SecretKeySpec(payloadKey, "AES");
    }

    /** The nonce of a segment: 8-byte big-endian index, three zero bytes, then 1 for the last segment else 0. */
    public static byte[] nonce(long index, boolean last) {
        if (index < 0) {
            throw new IllegalArgumentException("segment index must not be negative, was " + index);
        }
        byte[] n = new byte[NONCE];
        for (int i = 0; i < 8; i++) {
            n[i] = (byte) (index >>> (56 - 8 * i));
        }
        n[NONCE - 1] = (byte) (last ? 1 : 0);
        return n;
    }

    /**
     * Encrypts one segment's plaintext; returns ciphertext followed by the tag. The caller must never
     * seal the same (index, last) twice with this key: that would reuse a GCM nonce.
     */
    public byte[] seal(long index, boolean last, byte[] plain, int off, int len) {
        byte[] sealed = new byte[len + SegmentOffsets.TAG];
        sealInto(index, last, plain, off, len, sealed, 0);
        return sealed;
    }

    /**
     * Like {@link #seal}, writing the {@code len + TAG} sealed bytes into out at outOff, so a caller can
     * seal straight into the block that will hold them.
     */
    public void sealInto(long index, boolean last, byte[] plain, int off, int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(off, len, plain.length);
        Objects.checkFromIndexSize(outOff, len + SegmentOffsets.TAG, out.length);
        Cipher c = encryptor;
        if (c == null) {
            c = newCipher();
            encryptor = c;
        }
        try {
            c.init(Cipher.ENCRYPT_MODE, key, parameters(index, last));
            c.doFinal(plain, off, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption of segment " + index + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts and authenticates one segment with a single doFinal, so no plaintext is returned unless
     * the tag verifies.
     */
    public byte[] open(long index, boolean last, byte[] cipher, int off, int len) throws EnvelopeIntegrityException {
        checkSealedLength(index, len);
        byte[] plain = new byte[len - SegmentOffsets.TAG];
        openInto(index, last, cipher, off, len, plain, 0);
        return plain;
    }

    /**
     * Like {@link #open}, writing the {@code len - TAG} plaintext bytes into out at outOff: a reader
     * that keeps the plaintext decrypts straight into the array it keeps, one that only copies a slice
     * out into a buffer it reuses. When the tag fails, out holds no plaintext the caller may use.
     *
     * @return the plaintext length, {@code len - TAG}
     */
    public int openInto(long index, boolean last, byte[] cipher, int off, int len, byte[] out, int outOff)
            throws EnvelopeIntegrityException {
        Objects.checkFromIndexSize(off, len, cipher.length);
        checkSealedLength(index, len);
        Objects.checkFromIndexSize(outOff, len - SegmentOffsets.TAG, out.length);
        Cipher c = DECRYPTORS.take();
        if (c == null) {
            c = newCipher();
        }
        try {
            c.init(Cipher.DECRYPT_MODE, key, parameters(index, last));
            return c.doFinal(cipher, off, len, out, outOff);
        } catch (AEADBadTagException e) {
            throw new EnvelopeIntegrityException("envelope segment " + index
                    + " failed authentication; the object is damaged, truncated, reordered or was tampered with", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed in the JDK: " + e.getMessage(), e);
        } finally {
            DECRYPTORS.give(c);
        }
    }

    /**
     * Makes {@code count} decryptors, each initialised once with a throwaway key, for the threads
     * that will serve: done while a daemon warms up, their first real use is a re-initialisation.
     */
    public static void prepareDecryptors(int count) {
        byte[] throwaway = new byte[32];
        new SecureRandom().nextBytes(throwaway);
        SecretKeySpec k = new SecretKeySpec(throwaway, "AES");
        for (int i = 0; i < count; i++) {
            Cipher c = newCipher();
            try {
                c.init(Cipher.DECRYPT_MODE, k, parameters(i, false));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM initialisation failed in the JDK: " + e.getMessage(), e);
            }
            DECRYPTORS.give(c);
        }
    }

    /** GCM's parameters for a segment: the full 16-byte tag and the segment's nonce. */
    private static GCMParameterSpec parameters(long index, boolean last) {
        return new GCMParameterSpec(SegmentOffsets.TAG * 8, nonce(index, last));
    }

    private static void checkSealedLength(long index, int len) throws EnvelopeIntegrityException {
        if (len < SegmentOffsets.TAG || len > SegmentOffsets.CIPHER_SEGMENT) {
            throw new EnvelopeIntegrityException("envelope segment " + index + " has an impossible length of " + len
                    + " bytes; the object is damaged or was tampered with");
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding", PROVIDER);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no SunJCE AES/GCM/NoPadding: " + e.getMessage(), e);
        }
    }
}
