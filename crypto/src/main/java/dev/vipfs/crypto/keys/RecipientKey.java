package dev.vipfs.crypto.keys;

import java.util.Arrays;

/** A public key version that objects can be encrypted to. */
public record RecipientKey(String keyId, String name, int version, byte[] x25519PublicKey) {
    /** Validates the fields and keeps a private copy of the public key. */
    public RecipientKey {
        KeyId.requireValid(keyId);
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("recipient key " + keyId + " has no name");
        }
        if (version < 1) {
            throw new IllegalArgumentException("key version must be at least 1, was " + version);
        }
        if (x25519PublicKey == null || x25519PublicKey.length != 32) {
            throw new IllegalArgumentException("an X25519 public key is 32 bytes");
        }
        x25519PublicKey = x25519PublicKey.clone();
    }

    @Override
    public byte[] x25519PublicKey() {
        return x25519PublicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecipientKey r && r.keyId.equals(keyId) && r.name.equals(name) && r.version == version
                && Arrays.equals(r.x25519PublicKey, x25519PublicKey);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode() * 31 + version;
    }

    @Override
    public String toString() {
        return name + " (" + keyId + " v" + version + ")";
    }
}
