package dev.vipfs.crypto.keys;

/** What a keyring knows about one named key. */
public record KeyInfo(String name, String keyId, int latestVersion, int minDecryptionVersion, boolean hasPrivateKey) {
}
