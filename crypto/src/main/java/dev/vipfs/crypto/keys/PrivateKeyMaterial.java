package dev.vipfs.crypto.keys;

/** One version of an X25519 key pair, as needed to open envelope stanzas. */
public final class PrivateKeyMaterial {
    private final String keyId;
    private final int version;
    private final byte[] privateKey;
    private final byte[] publicKey;

    /** Wraps 32-byte X25519 private and public keys. */
    public PrivateKeyMaterial(String keyId, int version, byte[] x25519PrivateKey, byte[] x25519PublicKey) {
        KeyId.requireValid(keyId);
        if (x25519PrivateKey.length != 32 || x25519PublicKey.length != 32) {
            throw new IllegalArgumentException("X25519 keys are 32 bytes");
        }
        this.keyId = keyId;
        this.version = version;
        this.privateKey = x25519PrivateKey.clone();
        this.publicKey = x25519PublicKey.clone();
    }

    public String keyId() {
        return keyId;
    }

    public int version() {
        return version;
    }

    /** A copy of the 32-byte X25519 private key. */
    public byte[] x25519PrivateKey() {
        return privateKey.clone();
    }

    /** A copy of the 32-byte X25519 public key. */
    public byte[] x25519PublicKey() {
        return publicKey.clone();
    }

    @Override
    public String toString() {
        return "PrivateKeyMaterial[" + keyId + " v" + version + "]";
    }
}
