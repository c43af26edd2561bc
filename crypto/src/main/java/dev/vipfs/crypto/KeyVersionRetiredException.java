package dev.vipfs.crypto;

/** The object is only encrypted to key versions below the key's minimum decryption version; it needs a rewrap. */
public class KeyVersionRetiredException extends CryptoException {
    public KeyVersionRetiredException(String message) {
        super(message);
    }
}
