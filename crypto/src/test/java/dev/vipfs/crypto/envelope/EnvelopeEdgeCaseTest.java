package dev.vipfs.crypto.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.crypto.CryptoException;
import dev.vipfs.crypto.EnvelopeIntegrityException;
import dev.vipfs.crypto.keys.Keyring;
import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.crypto.segment.SegmentOffsets;
import java.io.FilterInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvelopeEdgeCaseTest {
    private static final int S = SegmentOffsets.PLAIN_SEGMENT;

    @TempDir
    Path dir;

    @Test
    void manyRecipientsEachDecrypt() throws Exception {
        List<Keyring> rings = new ArrayList<>();
        List<RecipientKey> to = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Keyring r = Keyring.open(dir.resolve("k" + i));
            r.generate("k" + i);
            rings.add(r);
            to.add(r.current("k" + i));
        }
        to.add(to.get(0)); // duplicates are written once
        byte[] plain = EnvelopeRoundTripTest.random(1000, 4);
        byte[] env = Envelope.encrypt(plain, to);
        assertEquals(92 + 100 * 12, EnvelopeReader.headerLength(env));
        for (Keyring r : rings) {
            assertArrayEquals(plain, Envelope.decrypt(env, r));
        }
    }

    @Test
    void writerRejectsMisuseWithMessages() throws Exception {
        Keyring r = Keyring.open(dir.resolve("k"));
        r.generate("k");
        assertThrows(IllegalArgumentException.class, () -> EnvelopeWriter.create(List.of()));
        EnvelopeWriter w = EnvelopeWriter.create(r.defaultRecipients());
        byte[] buf = new byte[S + 1];
        assertThrows(IllegalArgumentException.class, () -> w.sealSegment(0, buf, 0, S + 1, true));
        assertThrows(IllegalArgumentException.class, () -> w.sealSegment(0, buf, 0, 10, false));
        assertThrows(IllegalArgumentException.class, () -> w.sealSegment(3, buf, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> w.sealSegment(-1, buf, 0, S, false));
        assertEquals(16, w.sealSegment(0, buf, 0, 0, true).length);
        assertThrows(IllegalStateException.class, () -> w.sealSegment(0, buf, 0, 0, true), "no nonce reuse");
        EnvelopeWriter w2 = EnvelopeWriter.create(r.defaultRecipients());
        assertThrows(IllegalStateException.class, () -> w2.sealSegment(1, buf, 0, S, false), "in order only");
        w2.sealSegment(0, buf, 0, S, false);
        assertThrows(IllegalStateException.class, () -> w2.sealSegment(0, buf, 0, S, false), "no nonce reuse");
        w2.sealSegment(1, buf, 0, 1, true);
        assertThrows(IllegalStateException.class, () -> w2.sealSegment(2, buf, 0, 1, true), "nothing after the last");
    }

    @Test
    void unsupportedVersionIsReportedAsSuch() throws Exception {
        Keyring r = Keyring.open(dir.resolve("k"));
        r.generate("k");
        byte[] h = EnvelopeWriter.create(r.defaultRecipients()).header();
        h[8] = 2;
        int sumAt = HeaderLayout.checksumOffset(1);
        System.arraycopy(FileKeys.checksum(h, sumAt), 0, h, sumAt, HeaderLayout.CHECKSUM);
        CryptoException e = assertThrows(CryptoException.class, () -> EnvelopeReader.open(h, r));
        assertFalse(e instanceof EnvelopeIntegrityException);
        assertTrue(e.getMessage().contains("upgrade"), e.getMessage());
    }

    @Test
    void streamingHandlesShortReadsAndReportsReadFailures() throws Exception {
        Keyring r = Keyring.open(dir.resolve("k"));
        r.generate("k");
        byte[] plain = EnvelopeRoundTripTest.random(2 * S + 3, 8);
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(plain)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 777));
            }
        };
        EnvelopeWriter w = EnvelopeWriter.create(r.defaultRecipients());
        SegmentingEncryptor enc = new SegmentingEncryptor(w, trickle);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(w.header());
        enc.forEachRemaining(out::writeBytes);
        assertArrayEquals(plain, Envelope.decrypt(out.toByteArray(), r));

        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire");
            }
        };
        SegmentingEncryptor failing = new SegmentingEncryptor(w, broken);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, failing::next);
        assertTrue(e.getMessage().contains("disk on fire"));
    }

    @Test
    void readerIsSafeToShareBetweenThreads() throws Exception {
        Keyring r = Keyring.open(dir.resolve("k"));
        r.generate("k");
        byte[] plain = EnvelopeRoundTripTest.random(9 * S + 5, 6);
        byte[] env = Envelope.encrypt(plain, r.defaultRecipients());
        int hl = EnvelopeReader.headerLength(env);
        EnvelopeReader reader = EnvelopeReader.open(Arrays.copyOf(env, hl), r);
        long payload = env.length - hl;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int start = t;
                work.add(pool.submit(() -> {
                    for (int round = 0; round < 5; round++) {
                        for (long i = start; i < 10; i += 2) {
                            byte[] seg = reader.openSegment(i, env, (int) (hl + SegmentOffsets.cipherOffset(i)),
                                    SegmentOffsets.cipherSegmentLength(i, payload), SegmentOffsets.isLast(i, payload));
                            int from = (int) SegmentOffsets.plainOffset(i);
                            assertArrayEquals(Arrays.copyOfRange(plain, from, from + seg.length), seg);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
