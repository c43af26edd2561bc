package dev.vipfs.crypto.keys;

import java.io.IOException;
import java.nio.file.attribute.FileTime;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keys as last read from the keyring's directory, read again when another process (the CLI)
 * may have changed them, and dropped when they cannot be: a key that can no longer be re-read may
 * have been retired since, so nothing decrypts with it any more (fail closed). Guarded by the
 * keyring's lock.
 */
final class LoadedKeys {
    private static final long MAX_STALE_NANOS = 2_000_000_000L;

    private final KeyringFiles files;
    private final Map<String, KeyState> keys = new TreeMap<>();
    private FileTime loadedAt;
    private long loadedNanos;

    LoadedKeys(KeyringFiles files) {
        this.files = files;
    }

    /** The key of that name, or null. */
    KeyState get(String name) {
        return keys.get(name);
    }

    /** The key with that key id, or null. */
    KeyState byId(String keyId) {
        for (KeyState s : keys.values()) {
            if (s.keyId.equals(keyId)) {
                return s;
            }
        }
        return null;
    }

    /** Every key, sorted by name. */
    Collection<KeyState> all() {
        return keys.values();
    }

    /** Adds or replaces a key this process has just saved. */
    void put(KeyState s) {
        keys.put(s.name, s);
    }

    // Another process (the CLI) may have changed the directory; atomic renames update its mtime. File
    // times are coarse (one clock tick), so two changes within a tick look like one: re-read anyway
    // once the last load is older than MAX_STALE_NANOS.
    void refresh() throws KeyringException {
        try {
            FileTime now = files.stamp();
            if (!now.equals(loadedAt) || System.nanoTime() - loadedNanos > MAX_STALE_NANOS) {
                reload();
            }
        } catch (IOException | KeyringException e) {
            // Fail closed: keys that can no longer be re-read may have been retired (a raised minimum
            // version, a deleted key) since they were loaded, so nothing decrypts with them any more.
            // The next call tries to read the directory again.
            keys.clear();
            loadedAt = null;
            throw e instanceof KeyringException k
                    ? new KeyringException(k.getMessage() + "; decryption stops until the keyring can be read again", k)
                    : new KeyringException("cannot re-read keyring " + files.dir() + ": " + e.getMessage()
                            + "; decryption stops until it can be read again", e);
        }
    }

    /** Reads every key from the directory. */
    void reload() throws KeyringException {
        try {
            FileTime stamp = files.stamp();
            Map<String, KeyState> fresh = files.readAll();
            keys.clear();
            keys.putAll(fresh);
            loadedAt = stamp;
            loadedNanos = System.nanoTime();
        } catch (IOException e) {
            throw new KeyringException("cannot read keyring " + files.dir() + ": " + e.getMessage(), e);
        }
    }
}
