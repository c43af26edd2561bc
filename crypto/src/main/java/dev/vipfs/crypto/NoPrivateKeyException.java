package dev.vipfs.crypto;

/** The object is not encrypted to any key this node holds a private key for. */
public class NoPrivateKeyException extends CryptoException {
    public NoPrivateKeyException(String message) {
        super(message);
    }
}
