package dev.vipfs.crypto.envelope;

import static dev.vipfs.crypto.envelope.KatVectors.HEX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The vectors in docs/format.md match the implementation and independent re-derivations. */
class KnownAnswerTest {
    private static final Pattern LINE = Pattern.compile("^([a-z0-9_.]+) = ([0-9a-f]+)$", Pattern.MULTILINE);
    static Map<String, String> doc;

    @BeforeAll
    static void readDocument() throws IOException {
        Path p = Path.of("../docs/format.md");
        if (!Files.exists(p)) {
            p = Path.of("docs/format.md");
        }
        Matcher m = LINE.matcher(Files.readString(p));
        doc = new LinkedHashMap<>();
        while (m.find()) {
            doc.put(m.group(1), m.group(2));
        }
    }

    static byte[] hex(String name) {
        String v = doc.get(name);
        assertTrue(v != null, "docs/format.md has no vector " + name);
        return HEX.parseHex(v);
    }

    @Test
    void documentMatchesImplementation() throws Exception {
        Map<String, String> computed = KatVectors.compute();
        assertEquals(computed.keySet(), doc.keySet(), "vector names in docs/format.md");
        for (Map.Entry<String, String> e : computed.entrySet()) {
            assertEquals(e.getValue(), doc.get(e.getKey()), e.getKey() + " (regenerate with KatVectors.main after a deliberate format change)");
        }
    }

    @Test
    void documentedEnvelopesDecrypt() throws Exception {
        byte[] env1 = concat(hex("v1.header"), hex("v1.payload"));
        assertArrayEquals(hex("v1.plaintext"), Envelope.decrypt(env1, KatVectors.resolver()));
        assertEquals(0, Envelope.decrypt(concat(hex("v2.header"), hex("v2.payload")), KatVectors.resolver()).length);
        // The rewrapped header opens the untouched v1 payload.
        assertArrayEquals(hex("v1.plaintext"), Envelope.decrypt(concat(hex("v4.header"), hex("v1.payload")), KatVectors.resolver()));
        EnvelopeReader r = EnvelopeReader.open(hex("v4.header"), KatVectors.resolver());
        assertEquals(KatVectors.KEY2.keyId(), r.usedKey().keyId());
        assertEquals(3, r.usedKey().version());
    }

    @Test
    void independentDerivationOfVector1() throws Exception {
        byte[] fileKey = hex("v1.file_key");
        byte[] salt = hex("v1.salt");
        assertArrayEquals(hkdf(fileKey, salt, "vipfs-envelope-v1 payload key"), hex("v1.payload_key"));
        assertArrayEquals(hkdf(fileKey, salt, "vipfs-envelope-v1 header mac key"), hex("v1.mac_key"));

        byte[] header = hex("v1.header");
        assertEquals(192, header.length);
        assertArrayEquals("VIPFSENV".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(header, 8));
        assertArrayEquals(salt, Arrays.copyOfRange(header, 12, 44));
        assertArrayEquals(HEX.parseHex(doc.get("key1.id")), Arrays.copyOfRange(header, 44, 60));

        HPKE hpke = new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
        byte[] aad = concat(Arrays.copyOf(header, 44), Arrays.copyOfRange(header, 44, 64));
        byte[] opened = hpke.open(Arrays.copyOfRange(header, 64, 96),
                hpke.deserializePrivateKey(KatVectors.KEY1_PRIVATE, KatVectors.KEY1_PUBLIC),
                "vipfs-envelope-v1 stanza".getBytes(StandardCharsets.US_ASCII), aad,
                Arrays.copyOfRange(header, 96, 144), null, null, null);
        assertArrayEquals(fileKey, opened);

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(hex("v1.mac_key"), "HmacSHA256"));
        mac.update(header, 0, 144);
        assertArrayEquals(mac.doFinal(), Arrays.copyOfRange(header, 144, 176));
        assertArrayEquals(Arrays.copyOf(KatVectors.sha256(Arrays.copyOf(header, 176)), 16), Arrays.copyOfRange(header, 176, 192));

        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(hex("v1.payload_key"), "AES"),
                new GCMParameterSpec(128, hex("v1.segment0_last_nonce")));
        assertArrayEquals(hex("v1.plaintext"), gcm.doFinal(hex("v1.payload")));
    }

    @Test
    void vector3Digest() throws Exception {
        byte[] env = Envelope.encrypt(KatVectors.vector3Plaintext(), java.util.List.of(KatVectors.KEY1), new CountingRandom(0));
        assertArrayEquals(hex("v3.envelope_sha256"), KatVectors.sha256(env));
        assertArrayEquals(KatVectors.vector3Plaintext(), Envelope.decrypt(env, KatVectors.resolver()));
    }

    private static byte[] hkdf(byte[] ikm, byte[] salt, String info) {
        HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
        g.init(new HKDFParameters(ikm, salt, info.getBytes(StandardCharsets.US_ASCII)));
        byte[] out = new byte[32];
        g.generateBytes(out, 0, 32);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
