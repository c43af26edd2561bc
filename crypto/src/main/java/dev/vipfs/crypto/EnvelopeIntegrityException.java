package dev.vipfs.crypto;

/**
 * The envelope was modified, truncated, reordered or mixed with another object's bytes.
 * Every kind of tampering yields this one type so callers cannot be used as an oracle.
 */
public class EnvelopeIntegrityException extends CryptoException {
    public EnvelopeIntegrityException(String message) {
        super(message);
    }

    public EnvelopeIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
