package dev.vipfs.crypto.envelope;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;

/**
 * Seals file keys to a throwaway X25519 recipient and opens them again, as a file's first open
 * does with a real one. Why: BouncyCastle's X25519 field arithmetic is long methods that C2
 * compiles only once they are hot, and a daemon that opened few files before its first reader
 * compiled them during that reader's first reads (docs/benchmarks.md, session 13). Throwaway keys
 * only: nothing here touches the keyring.
 */
public final class StanzaWarmup {
    private static final byte[] AAD = "vipfs stanza warm-up".getBytes(StandardCharsets.US_ASCII);

    private StanzaWarmup() {
    }

    /**
     * {@code rounds} seals and opens.
     *
     * @throws IllegalStateException if a stanza did not open to the key sealed in it
     */
    public static void run(int rounds) {
        SecureRandom random = new SecureRandom();
        HPKE hpke = StanzaCipher.hpke();
        AsymmetricCipherKeyPair recipient = hpke.generatePrivateKey();
        byte[] publicKey = hpke.serializePublicKey(recipient.getPublic());
        byte[] privateKey = hpke.serializePrivateKey(recipient.getPrivate());
        byte[] fileKey = new byte[32];
        byte[] seed = new byte[32];
        for (int i = 0; i < rounds; i++) {
            random.nextBytes(fileKey);
            random.nextBytes(seed);
            byte[] stanza = StanzaCipher.seal(publicKey, fileKey, AAD, seed);
            byte[] opened = StanzaCipher.open(privateKey, publicKey, Arrays.copyOf(stanza, 32),
                    Arrays.copyOfRange(stanza, 32, stanza.length), AAD);
            if (!Arrays.equals(fileKey, opened)) {
                throw new IllegalStateException("HPKE failed a self-check: a sealed key did not open");
            }
        }
    }
}
