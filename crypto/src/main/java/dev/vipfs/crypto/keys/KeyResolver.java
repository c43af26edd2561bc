package dev.vipfs.crypto.keys;

import dev.vipfs.crypto.CryptoException;
import java.util.Optional;

/** Looks up private keys for envelope stanzas; implementations used from FUSE must be thread-safe. */
public interface KeyResolver {
    /** The private key of a key id and version, or empty if this node does not hold it. */
    Optional<PrivateKeyMaterial> privateKey(String keyId, int version) throws CryptoException;

    /**
     * The lowest version of a key that may still decrypt (Vault transit's min_decryption_version);
     * objects whose stanzas are all older must be rewrapped. 1 means every version.
     */
    default int minDecryptionVersion(String keyId) throws CryptoException {
        return 1;
    }

    /** A human-readable name for a key id, for error messages; the id itself if unknown. */
    default String describe(String keyId) {
        return keyId;
    }
}
