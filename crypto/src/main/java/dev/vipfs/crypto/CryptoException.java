package dev.vipfs.crypto;

/** Base of every checked failure to encrypt, decrypt or manage keys; its message says what the user can do. */
public class CryptoException extends Exception {
    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
