package dev.vipfs.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vipfs.crypto.EnvelopeIntegrityException;
import dev.vipfs.crypto.keys.Keyring;
import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.crypto.segment.SegmentOffsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of tampering must fail with EnvelopeIntegrityException and release no plaintext. */
class TamperTest {
    private static final int S = SegmentOffsets.PLAIN_SEGMENT;
    private static final int C = SegmentOffsets.CIPHER_SEGMENT;

    @TempDir
    Path dir;
    Keyring ring;
    List<RecipientKey> to;
    byte[] plain;
    byte[] env;
    int hl;

    @BeforeEach
    void setUp() throws Exception {
        ring = Keyring.open(dir.resolve("keys"));
        ring.generate("a");
        ring.generate("b");
        to = ring.defaultRecipients();
        plain = EnvelopeRoundTripTest.random(3 * S + 100, 11);
        env = Envelope.encrypt(plain, to);
        hl = EnvelopeReader.headerLength(env);
        assertArrayEquals(plain, Envelope.decrypt(env, ring));
    }

    private void assertTampered(byte[] bad) {
        assertThrows(EnvelopeIntegrityException.class, () -> Envelope.decrypt(bad, ring));
    }

    @Test
    void everyBitOfTheHeader() {
        for (int bit = 0; bit < hl * 8; bit++) {
            byte[] bad = env.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            int b = bit;
            assertThrows(EnvelopeIntegrityException.class, () -> Envelope.decrypt(bad, ring), "header bit " + b);
        }
    }

    @Test
    void sampledBitsOfThePayload() {
        Random rnd = new Random(5);
        int payload = env.length - hl;
        for (int t = 0; t < 300; t++) {
            // Bias towards segment edges, where off-by-one mistakes live.
            int pos = t % 3 == 0 ? hl + (rnd.nextInt(4) * C + rnd.nextInt(40) - 20) : hl + rnd.nextInt(payload);
            pos = Math.max(hl, Math.min(env.length - 1, pos));
            byte[] bad = env.clone();
            bad[pos] ^= (byte) (1 << rnd.nextInt(8));
            int p = pos;
            assertThrows(EnvelopeIntegrityException.class, () -> Envelope.decrypt(bad, ring), "payload byte " + p);
        }
    }

    @Test
    void droppedLastSegment() {
        assertTampered(Arrays.copyOf(env, hl + 3 * C));
    }

    @Test
    void droppedLastSegmentOfExactMultiple() throws Exception {
        byte[] e = Envelope.encrypt(EnvelopeRoundTripTest.random(2 * S, 1), to);
        int h = EnvelopeReader.headerLength(e);
        assertTampered(Arrays.copyOf(e, h + C));
    }

    @Test
    void truncatedSegment() {
        assertTampered(Arrays.copyOf(env, env.length - 1));
        assertTampered(Arrays.copyOf(env, env.length - 50));
        assertTampered(Arrays.copyOf(env, hl + C + 100));
        assertTampered(Arrays.copyOf(env, hl + 5));
        assertTampered(Arrays.copyOf(env, hl - 1));
    }

    @Test
    void swappedSegments() {
        byte[] bad = env.clone();
        System.arraycopy(env, hl, bad, hl + C, C);
        System.arraycopy(env, hl + C, bad, hl, C);
        assertTampered(bad);
    }

    @Test
    void readingASegmentAtTheWrongIndexOrFlagFails() throws Exception {
        EnvelopeReader r = EnvelopeReader.open(Arrays.copyOf(env, hl), ring);
        assertThrows(EnvelopeIntegrityException.class, () -> r.openSegment(1, env, hl, C, false));
        assertThrows(EnvelopeIntegrityException.class, () -> r.openSegment(0, env, hl, C, true));
        assertArrayEquals(Arrays.copyOf(plain, S), r.openSegment(0, env, hl, C, false));
    }

    /** Issue #16: decrypting into a caller's buffer (the mount's random reads) authenticates just the same. */
    @Test
    void openingIntoABufferAuthenticatesLikeOpening() throws Exception {
        EnvelopeReader r = EnvelopeReader.open(Arrays.copyOf(env, hl), ring);
        byte[] out = new byte[S + 3];
        assertEquals(S, r.openSegment(0, env, hl, C, false, out, 3));
        assertArrayEquals(Arrays.copyOf(plain, S), Arrays.copyOfRange(out, 3, 3 + S));
        assertThrows(EnvelopeIntegrityException.class, () -> r.openSegment(1, env, hl, C, false, out, 0));
        byte[] bad = env.clone();
        bad[hl + 100] ^= 1;
        assertThrows(EnvelopeIntegrityException.class, () -> r.openSegment(0, bad, hl, C, false, out, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> r.openSegment(0, env, hl, C, false, new byte[S - 1], 0));
    }

    @Test
    void segmentFromAnotherFileSpliced() throws Exception {
        byte[] other = Envelope.encrypt(EnvelopeRoundTripTest.random(plain.length, 99), to);
        byte[] bad = env.clone();
        System.arraycopy(other, hl + C, bad, hl + C, C);
        assertTampered(bad);
    }

    @Test
    void headerFromAnotherFile() {
        byte[] other = Envelope.encrypt(plain, to);
        byte[] bad = env.clone();
        System.arraycopy(other, 0, bad, 0, hl);
        assertTampered(bad);
    }

    @Test
    void stanzaWithTheWrongSize() {
        int stanzaEnd = HeaderLayout.stanzaOffset(1);
        byte[] longer = new byte[env.length + 1];
        System.arraycopy(env, 0, longer, 0, stanzaEnd);
        System.arraycopy(env, stanzaEnd, longer, stanzaEnd + 1, env.length - stanzaEnd);
        assertTampered(longer);
        byte[] shorter = new byte[env.length - 1];
        System.arraycopy(env, 0, shorter, 0, stanzaEnd - 1);
        System.arraycopy(env, stanzaEnd, shorter, stanzaEnd - 1, env.length - stanzaEnd);
        assertTampered(shorter);
    }

    @Test
    void headerWithAStanzaRemovedOrDuplicated() throws Exception {
        byte[] header = Arrays.copyOf(env, hl);
        // Claim one stanza and drop the second: the count, length and checksum can be made consistent by
        // an attacker, but the MAC cannot.
        byte[] one = new byte[HeaderLayout.length(1)];
        System.arraycopy(header, 0, one, 0, HeaderLayout.stanzaOffset(1));
        HeaderLayout.putU16(one, 10, 1);
        System.arraycopy(header, HeaderLayout.macOffset(2), one, HeaderLayout.macOffset(1), HeaderLayout.MAC);
        byte[] sum = FileKeys.checksum(one, HeaderLayout.checksumOffset(1));
        System.arraycopy(sum, 0, one, HeaderLayout.checksumOffset(1), HeaderLayout.CHECKSUM);
        assertThrows(EnvelopeIntegrityException.class, () -> EnvelopeReader.open(one, ring));
    }

    @Test
    void emptyAndGarbageInput() {
        assertTampered(new byte[0]);
        assertTampered(new byte[11]);
        assertTampered(EnvelopeRoundTripTest.random(5000, 3));
    }
}
