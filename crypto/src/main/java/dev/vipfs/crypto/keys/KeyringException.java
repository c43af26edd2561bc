package dev.vipfs.crypto.keys;

import dev.vipfs.crypto.CryptoException;

/** The keyring on disk is unusable (unsafe permissions, damaged files); the message says how to fix it. */
public class KeyringException extends CryptoException {
    public KeyringException(String message) {
        super(message);
    }

    public KeyringException(String message, Throwable cause) {
        super(message, cause);
    }
}
