package dev.vipfs.fs.content;

import dev.vipfs.crypto.CryptoException;
import java.io.IOException;

/** A decryption failure surfaced through the I/O path; the cause says which kind. */
public final class DecryptionException extends IOException {
    private static final long serialVersionUID = 1L;

    public DecryptionException(String context, CryptoException cause) {
        super(context + ": " + cause.getMessage(), cause);
    }

    public CryptoException crypto() {
        return (CryptoException) getCause();
    }
}
