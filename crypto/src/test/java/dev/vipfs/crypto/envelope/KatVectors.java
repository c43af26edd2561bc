package dev.vipfs.crypto.envelope;

import dev.vipfs.crypto.CryptoException;
import dev.vipfs.crypto.keys.KeyId;
import dev.vipfs.crypto.keys.KeyResolver;
import dev.vipfs.crypto.keys.PrivateKeyMaterial;
import dev.vipfs.crypto.keys.RecipientKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes the known-answer vectors published in docs/format.md. Run main() to print them after a
 * deliberate format change; KnownAnswerTest checks the document against this computation.
 */
final class KatVectors {
    static final HexFormat HEX = HexFormat.of();
    // RFC 7748 section 6.1 X25519 key pairs, so anyone can reproduce the vectors.
    static final byte[] KEY1_PRIVATE = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    static final byte[] KEY1_PUBLIC = HEX.parseHex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    static final byte[] KEY2_PRIVATE = HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    static final byte[] KEY2_PUBLIC = HEX.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    static final RecipientKey KEY1 = new RecipientKey(KeyId.of(KEY1_PUBLIC), "kat1", 1, KEY1_PUBLIC);
    static final RecipientKey KEY2 = new RecipientKey(KeyId.of(KEY2_PUBLIC), "kat2", 3, KEY2_PUBLIC);

    private KatVectors() {
    }

    /** Resolves the two KAT private keys (KEY2 at version 3 only). */
    static KeyResolver resolver() {
        return new KeyResolver() {
            @Override
            public Optional<PrivateKeyMaterial> privateKey(String keyId, int version) throws CryptoException {
                if (keyId.equals(KEY1.keyId()) && version == 1) {
                    return Optional.of(new PrivateKeyMaterial(keyId, 1, KEY1_PRIVATE, KEY1_PUBLIC));
                }
                if (keyId.equals(KEY2.keyId()) && version == 3) {
                    return Optional.of(new PrivateKeyMaterial(keyId, 3, KEY2_PRIVATE, KEY2_PUBLIC));
                }
                return Optional.empty();
            }
        };
    }

    static byte[] vector3Plaintext() {
        byte[] p = new byte[2 * 65536 + 5];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i % 251);
        }
        return p;
    }

    static Map<String, String> compute() throws CryptoException {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("key1.id", KEY1.keyId());
        v.put("key2.id", KEY2.keyId());

        byte[] fileKey = new byte[32];
        byte[] salt = new byte[32];
        new CountingRandom(0).nextBytes(fileKey);
        new CountingRandom(32).nextBytes(salt);
        FileKeys keys = new FileKeys(fileKey, salt);
        v.put("v1.file_key", HEX.formatHex(fileKey));
        v.put("v1.salt", HEX.formatHex(salt));
        v.put("v1.payload_key", HEX.formatHex(keys.payloadKey));
        v.put("v1.mac_key", HEX.formatHex(keys.macKey));
        v.put("v1.segment0_last_nonce", HEX.formatHex(dev.vipfs.crypto.segment.SegmentCipher.nonce(0, true)));
        byte[] plain1 = "vipfs known-answer test vector 1".getBytes(StandardCharsets.US_ASCII);
        v.put("v1.plaintext", HEX.formatHex(plain1));
        byte[] env1 = Envelope.encrypt(plain1, List.of(KEY1), new CountingRandom(0));
        int hl1 = EnvelopeReader.headerLength(env1);
        v.put("v1.header", HEX.formatHex(env1, 0, hl1));
        v.put("v1.payload", HEX.formatHex(env1, hl1, env1.length));

        byte[] env2 = Envelope.encrypt(new byte[0], List.of(KEY1, KEY2), new CountingRandom(0x40));
        int hl2 = EnvelopeReader.headerLength(env2);
        v.put("v2.header", HEX.formatHex(env2, 0, hl2));
        v.put("v2.payload", HEX.formatHex(env2, hl2, env2.length));

        byte[] env3 = Envelope.encrypt(vector3Plaintext(), List.of(KEY1), new CountingRandom(0));
        v.put("v3.envelope_sha256", HEX.formatHex(sha256(env3)));

        byte[] rewrapped = EnvelopeRewrapper.rewrap(Arrays.copyOf(env1, hl1), resolver(), List.of(KEY2), new CountingRandom(0xa0));
        v.put("v4.header", HEX.formatHex(rewrapped));
        return v;
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        for (Map.Entry<String, String> e : compute().entrySet()) {
            System.out.println(e.getKey() + " = " + e.getValue());
        }
    }
}
