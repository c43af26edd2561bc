package dev.vipfs.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.crypto.KeyVersionRetiredException;
import dev.vipfs.crypto.NoPrivateKeyException;
import dev.vipfs.crypto.keys.Keyring;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotationTest {
    @TempDir
    Path dir;

    private static byte[] payloadOf(byte[] env) throws Exception {
        return Arrays.copyOfRange(env, EnvelopeReader.headerLength(env), env.length);
    }

    private static byte[] headerOf(byte[] env) throws Exception {
        return Arrays.copyOf(env, EnvelopeReader.headerLength(env));
    }

    private static byte[] join(byte[] header, byte[] payload) {
        byte[] out = Arrays.copyOf(header, header.length + payload.length);
        System.arraycopy(payload, 0, out, header.length, payload.length);
        return out;
    }

    @Test
    void rotateRetireAndRewrap() throws Exception {
        Keyring ring = Keyring.open(dir.resolve("keys"));
        ring.generate("k");
        byte[] plain = EnvelopeRoundTripTest.random(200_000, 1);
        byte[] old = Envelope.encrypt(plain, List.of(ring.current("k")));
        assertEquals(1, EnvelopeReader.open(headerOf(old), ring).usedKey().version());

        assertEquals(2, ring.rotate("k").latestVersion());
        byte[] fresh = Envelope.encrypt(plain, ring.defaultRecipients());
        assertEquals(2, EnvelopeReader.open(headerOf(fresh), ring).usedKey().version());
        assertArrayEquals(plain, Envelope.decrypt(old, ring), "old versions still decrypt after rotate");

        ring.setMinDecryptionVersion("k", 2);
        KeyVersionRetiredException e = assertThrows(KeyVersionRetiredException.class, () -> Envelope.decrypt(old, ring));
        assertTrue(e.getMessage().contains("rewrap"), e.getMessage());
        assertArrayEquals(plain, Envelope.decrypt(fresh, ring));

        byte[] newHeader = EnvelopeRewrapper.rewrap(headerOf(old), ring, List.of(ring.current("k")));
        byte[] rewrapped = join(newHeader, payloadOf(old));
        assertArrayEquals(plain, Envelope.decrypt(rewrapped, ring));
        assertEquals(2, EnvelopeReader.open(newHeader, ring).usedKey().version());
    }

    @Test
    void minimumRaisedByAnotherProcessTakesEffect() throws Exception {
        Keyring mount = Keyring.open(dir.resolve("keys"));
        mount.generate("k");
        byte[] old = Envelope.encrypt(new byte[10], mount.defaultRecipients());
        Keyring cli = Keyring.open(dir.resolve("keys"));
        cli.rotate("k");
        cli.setMinDecryptionVersion("k", 2);
        assertThrows(KeyVersionRetiredException.class, () -> Envelope.decrypt(old, mount));
        assertEquals(2, mount.current("k").version());
    }

    @Test
    void rewrapToAnotherKeyKeepsPayloadBytes() throws Exception {
        Keyring a = Keyring.open(dir.resolve("a"));
        a.generate("a");
        Keyring b = Keyring.open(dir.resolve("b"));
        b.generate("b");
        byte[] plain = EnvelopeRoundTripTest.random(3 * 65536 + 17, 2);
        byte[] env = Envelope.encrypt(plain, a.defaultRecipients());
        byte[] header = EnvelopeRewrapper.rewrap(headerOf(env), a, b.defaultRecipients());
        byte[] moved = join(header, payloadOf(env));
        assertArrayEquals(plain, Envelope.decrypt(moved, b));
        assertThrows(NoPrivateKeyException.class, () -> Envelope.decrypt(moved, a));
        assertThrows(NoPrivateKeyException.class, () -> EnvelopeRewrapper.rewrap(headerOf(env), b, a.defaultRecipients()));
        assertEquals(1, EnvelopeReader.open(header, b).recipients().size());
    }
}
