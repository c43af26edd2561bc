package dev.vipfs.crypto.envelope;

import dev.vipfs.crypto.CryptoException;
import dev.vipfs.crypto.keys.KeyResolver;
import dev.vipfs.crypto.keys.RecipientKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/** Re-encrypts an object's file key to new recipients; the payload segments stay valid byte for byte. */
public final class EnvelopeRewrapper {
    private EnvelopeRewrapper() {
    }

    /**
     * A new header with the same file key and salt, new stanzas and a new MAC. Key versions below their
     * minimum decryption version may still be used here, so objects can be rewrapped after a retirement.
     *
     * @throws dev.vipfs.crypto.NoPrivateKeyException if no private key for the current header is available
     * @throws dev.vipfs.crypto.EnvelopeIntegrityException if the header was tampered with
     */
    public static byte[] rewrap(byte[] header, KeyResolver keys, List<RecipientKey> newRecipients) throws CryptoException {
        return rewrap(header, keys, newRecipients, new SecureRandom());
    }

    /** As {@link #rewrap(byte[], KeyResolver, List)} with injected randomness (known-answer tests only). */
    public static byte[] rewrap(byte[] header, KeyResolver keys, List<RecipientKey> newRecipients, SecureRandom random)
            throws CryptoException {
        EnvelopeReader reader = EnvelopeReader.open(header, keys, true);
        byte[] fileKey = reader.fileKey();
        try {
            return HeaderBuilder.build(fileKey, reader.salt(), newRecipients, random);
        } finally {
            Arrays.fill(fileKey, (byte) 0);
        }
    }
}
