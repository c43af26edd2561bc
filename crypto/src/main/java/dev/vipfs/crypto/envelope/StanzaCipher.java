package dev.vipfs.crypto.envelope;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;

/**
 * Seals the file key to one recipient with HPKE base mode (RFC 9180): DHKEM(X25519, HKDF-SHA256),
 * HKDF-SHA256, AES-256-GCM. BouncyCastle is fine here: it handles 32 bytes per recipient, never bulk data.
 */
final class StanzaCipher {
    static final byte[] INFO = "vipfs-envelope-v1 stanza".getBytes(StandardCharsets.US_ASCII);

    private StanzaCipher() {
    }

    static HPKE hpke() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
    }

    /** Returns enc (32) || sealed file key (48); the ephemeral key pair is derived from ephemeralSeed. */
    static byte[] seal(byte[] recipientPublicKey, byte[] fileKey, byte[] aad, byte[] ephemeralSeed) {
        HPKE hpke = hpke();
        AsymmetricCipherKeyPair ephemeral = hpke.deriveKeyPair(ephemeralSeed);
        try {
            HPKEContextWithEncapsulation ctx = hpke.setupBaseS(hpke.deserializePublicKey(recipientPublicKey), INFO, ephemeral);
            byte[] sealed = ctx.seal(aad, fileKey);
            byte[] enc = ctx.getEncapsulation();
            byte[] out = Arrays.copyOf(enc, enc.length + sealed.length);
            System.arraycopy(sealed, 0, out, enc.length, sealed.length);
            return out;
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new IllegalArgumentException("cannot encrypt to this X25519 public key: " + e.getMessage(), e);
        }
    }

    /** Opens a stanza's sealed file key, or returns null if it does not authenticate. */
    static byte[] open(byte[] privateKey, byte[] publicKey, byte[] enc, byte[] sealed, byte[] aad) {
        HPKE hpke = hpke();
        try {
            HPKEContext ctx = hpke.setupBaseR(enc, hpke.deserializePrivateKey(privateKey, publicKey), INFO);
            return ctx.open(aad, sealed);
        } catch (InvalidCipherTextException | RuntimeException e) {
            // Bad encapsulations (e.g. low-order points) surface as runtime exceptions in BouncyCastle.
            return null;
        }
    }
}
