package dev.vipfs.crypto.keys;

import java.util.Map;
import java.util.TreeMap;

/** Mutable in-memory state of one named key; guarded by the keyring's lock. */
final class KeyState {
    final String name;
    final String keyId;
    int minDecryptionVersion;
    boolean encrypt;
    final TreeMap<Integer, byte[]> publics = new TreeMap<>();
    final Map<Integer, byte[]> privates = new TreeMap<>();

    KeyState(String name, String keyId, int minDecryptionVersion, boolean encrypt) {
        this.name = name;
        this.keyId = keyId;
        this.minDecryptionVersion = minDecryptionVersion;
        this.encrypt = encrypt;
    }

    int latest() {
        return publics.lastKey();
    }

    KeyInfo info() {
        return new KeyInfo(name, keyId, latest(), minDecryptionVersion, !privates.isEmpty());
    }

    RecipientKey recipient() {
        return new RecipientKey(keyId, name, latest(), publics.get(latest()));
    }
}
