package dev.vipfs.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.crypto.NoPrivateKeyException;
import dev.vipfs.crypto.keys.Keyring;
import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.crypto.segment.SegmentOffsets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeRoundTripTest {
    private static final int S = SegmentOffsets.PLAIN_SEGMENT;

    @TempDir
    Path dir;
    Keyring alice;
    Keyring bob;
    Keyring eve;

    @BeforeEach
    void keys() throws Exception {
        alice = Keyring.open(dir.resolve("alice"));
        alice.generate("alice");
        bob = Keyring.open(dir.resolve("bob"));
        bob.generate("bob");
        eve = Keyring.open(dir.resolve("eve"));
        eve.generate("eve");
    }

    private List<RecipientKey> recipients() {
        return List.of(alice.current("alice"), bob.current("bob"));
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, S - 1, S, S + 1, 2 * S, 5 * S + 123})
    void everyRecipientDecryptsEverySize(int size) throws Exception {
        byte[] plain = random(size, size);
        byte[] env = Envelope.encrypt(plain, recipients());
        assertArrayEquals(plain, Envelope.decrypt(env, alice));
        assertArrayEquals(plain, Envelope.decrypt(env, bob));
        int header = EnvelopeReader.headerLength(env);
        assertEquals(SegmentOffsets.payloadLength(size), env.length - header);
        assertEquals(size, SegmentOffsets.plaintextLength(env.length - header));
    }

    @Test
    void nonRecipientCannotDecrypt() {
        byte[] env = Envelope.encrypt(random(100, 1), recipients());
        NoPrivateKeyException e = assertThrows(NoPrivateKeyException.class, () -> Envelope.decrypt(env, eve));
        assertTrue(e.getMessage().contains(alice.current("alice").keyId()), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, S - 1, S, S + 1, 3 * S, 3 * S + 7})
    void streamingEncryptorMatchesWholeBufferLayout(int size) throws Exception {
        byte[] plain = random(size, 7);
        EnvelopeWriter w = EnvelopeWriter.create(recipients());
        SegmentingEncryptor enc = new SegmentingEncryptor(w, new ByteArrayInputStream(plain));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(w.header());
        int segments = 0;
        while (enc.hasNext()) {
            out.writeBytes(enc.next());
            segments++;
        }
        assertEquals(size, enc.plaintextLength());
        assertEquals(SegmentOffsets.segmentCount(size), segments);
        assertArrayEquals(plain, Envelope.decrypt(out.toByteArray(), bob));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, S - 1, S, S + 1, 3 * S + 7})
    void segmentsSealedIntoCallerSlotsLeaveTheFramingAlone(int size) throws Exception {
        byte[] plain = random(size, 11);
        EnvelopeWriter w = EnvelopeWriter.create(recipients());
        SegmentingEncryptor enc = new SegmentingEncryptor(w, new ByteArrayInputStream(plain));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(w.header());
        while (enc.hasNext()) {
            record Framed(byte[] array, int offset) implements SealedSlot {
            }
            Framed slot = enc.nextInto(n -> {
                byte[] a = new byte[3 + n + 2];
                Arrays.fill(a, (byte) 0x5A);
                return new Framed(a, 3);
            });
            byte[] a = slot.array();
            assertEquals(0x5A, a[0]);
            assertEquals(0x5A, a[2]);
            assertEquals(0x5A, a[a.length - 1]);
            assertEquals(0x5A, a[a.length - 2]);
            out.write(a, 3, a.length - 5);
        }
        assertEquals(size, enc.plaintextLength());
        assertArrayEquals(plain, Envelope.decrypt(out.toByteArray(), bob));
    }

    @Test
    void randomOffsetReadsOpenOnlyCoveringSegments() throws Exception {
        int size = 7 * S + 999;
        byte[] plain = random(size, 3);
        byte[] env = Envelope.encrypt(plain, recipients());
        int hl = EnvelopeReader.headerLength(env);
        EnvelopeReader r = EnvelopeReader.open(Arrays.copyOf(env, hl), alice);
        assertEquals("alice", r.usedKey().keyName());
        assertEquals(2, r.recipients().size());
        long payload = env.length - hl;
        Random rnd = new Random(42);
        for (int t = 0; t < 200; t++) {
            int from = rnd.nextInt(size + 1);
            int to = Math.min(size, from + rnd.nextInt(3 * S));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            if (to > from) {
                for (long i = SegmentOffsets.segmentIndex(from); i <= SegmentOffsets.segmentIndex(to - 1); i++) {
                    int off = (int) (hl + SegmentOffsets.cipherOffset(i));
                    byte[] seg = r.openSegment(i, env, off, SegmentOffsets.cipherSegmentLength(i, payload),
                            SegmentOffsets.isLast(i, payload));
                    long segStart = SegmentOffsets.plainOffset(i);
                    int a = (int) Math.max(0, from - segStart);
                    int b = (int) Math.min(seg.length, to - segStart);
                    got.write(seg, a, b - a);
                }
            }
            assertArrayEquals(Arrays.copyOfRange(plain, from, to), got.toByteArray(), "range " + from + ".." + to);
        }
    }

    @Test
    void publicOnlyRingEncryptsButCannotDecrypt() throws Exception {
        Keyring writer = Keyring.open(dir.resolve("writer"));
        writer.importPublic(alice.exportPublic("alice"));
        assertFalse(writer.canDecrypt());
        byte[] env = Envelope.encrypt(random(10, 9), writer.defaultRecipients());
        assertThrows(NoPrivateKeyException.class, () -> Envelope.decrypt(env, writer));
        assertArrayEquals(random(10, 9), Envelope.decrypt(env, alice));
    }

    @Test
    void writerReadsBackWhatItSealedWithoutAPrivateKey() throws Exception {
        Keyring writerRing = Keyring.open(dir.resolve("writer"));
        writerRing.importPublic(alice.exportPublic("alice"));
        EnvelopeWriter w = EnvelopeWriter.create(writerRing.defaultRecipients());
        byte[] plain = random(S + 7, 11);
        byte[] first = w.sealSegment(0, plain, 0, S, false);
        assertThrows(IllegalArgumentException.class, () -> w.openSealed(1, first, 0, first.length, true),
                "a segment not sealed yet has nothing to read back");
        byte[] second = w.sealSegment(1, plain, S, 7, true);
        assertArrayEquals(Arrays.copyOf(plain, S), w.openSealed(0, first, 0, first.length, false));
        assertArrayEquals(Arrays.copyOfRange(plain, S, S + 7), w.openSealed(1, second, 0, second.length, true));
        assertThrows(dev.vipfs.crypto.EnvelopeIntegrityException.class,
                () -> w.openSealed(0, first, 0, first.length, true), "the last flag is authenticated");
    }
}
