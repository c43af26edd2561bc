package dev.vipfs.ipfs.unixfs.importer;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Kubo's test/cli/testutils deterministic reader: ChaCha20 keystream, key sha256(seed), zero nonce. */
final class DeterministicBytes extends InputStream {
    private final Cipher cipher;
    private long remaining;
    private final byte[] zeros = new byte[65536];

    DeterministicBytes(long size, String seed) {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            cipher = Cipher.getInstance("ChaCha20");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(new byte[12], 0));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        remaining = size;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (remaining <= 0) {
            return -1;
        }
        int n = (int) Math.min(Math.min(len, remaining), zeros.length);
        try {
            cipher.update(zeros, 0, n, b, off);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        remaining -= n;
        return n;
    }
}
