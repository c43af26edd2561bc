package dev.vipfs.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.HexFormat;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.junit.jupiter.api.Test;

/**
 * BouncyCastle's HPKE, as the stanzas use it, reproduces RFC 9180 appendix A.1 (base mode,
 * DHKEM(X25519, HKDF-SHA256), HKDF-SHA256). The RFC has no X25519 vector with AES-256-GCM; A.1 uses
 * AES-128-GCM and shares everything else (KEM, DeriveKeyPair, key schedule) with the stanza suite.
 */
class Rfc9180VectorTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void appendixA1BaseMode() throws Exception {
        HPKE hpke = new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
        AsymmetricCipherKeyPair e = hpke.deriveKeyPair(HEX.parseHex("7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234"));
        AsymmetricCipherKeyPair r = hpke.deriveKeyPair(HEX.parseHex("6db9df30aa07dd42ee5e8181afdb977e538f5e1fec8a06223f33f7013e525037"));
        assertArrayEquals(clamped("52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736"), hpke.serializePrivateKey(e.getPrivate()));
        assertArrayEquals(clamped("4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8"), hpke.serializePrivateKey(r.getPrivate()));
        assertArrayEquals(HEX.parseHex("3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d"), hpke.serializePublicKey(r.getPublic()));
        byte[] info = HEX.parseHex("4f6465206f6e2061204772656369616e2055726e");
        HPKEContextWithEncapsulation ctx = hpke.setupBaseS(r.getPublic(), info, e);
        assertArrayEquals(HEX.parseHex("37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431"), ctx.getEncapsulation());
        byte[] ct = ctx.seal(HEX.parseHex("436f756e742d30"), HEX.parseHex("4265617574792069732074727574682c20747275746820626561757479"));
        assertArrayEquals(HEX.parseHex("f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a"), ct);
    }

    // BouncyCastle stores X25519 private keys clamped (RFC 7748 decodeScalar25519); the RFC lists them
    // unclamped. Both are the same X25519 key.
    private static byte[] clamped(String hex) {
        byte[] k = HEX.parseHex(hex);
        k[0] &= (byte) 248;
        k[31] &= 127;
        k[31] |= 64;
        return k;
    }
}
