package dev.vipfs.crypto.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.crypto.EnvelopeIntegrityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;

/** Decryptors shared between threads: one caller at a time each, and no state carried from one call to the next. */
class DecryptorPoolTest {
    @Test
    void givesBackWhatWasGivenAndDropsWhatDoesNotFit() throws Exception {
        DecryptorPool pool = new DecryptorPool();
        assertNull(pool.take());
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        pool.give(c);
        assertSame(c, pool.take());
        assertNull(pool.take(), "one decryptor was handed out twice");
        for (int i = 0; i < 40; i++) {
            pool.give(Cipher.getInstance("AES/GCM/NoPadding"));
        }
        int kept = 0;
        while (pool.take() != null) {
            kept++;
        }
        assertTrue(kept > 0 && kept < 40, "kept " + kept);
    }

    @Test
    void threadsSharingDecryptorsEachGetTheirOwnPlaintextAndAFailedTagLeavesNothingBehind() throws Exception {
        SegmentCipher.prepareDecryptors(4);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                done.add(threads.submit(() -> {
                    Random r = new Random(seed);
                    byte[] key = new byte[32];
                    r.nextBytes(key);
                    SegmentCipher cipher = new SegmentCipher(key);
                    for (int i = 0; i < 200; i++) {
                        byte[] plain = new byte[1 + r.nextInt(4096)];
                        r.nextBytes(plain);
                        byte[] sealed = cipher.seal(i, i % 5 == 0, plain, 0, plain.length);
                        if (i % 7 == 0) {
                            sealed[r.nextInt(sealed.length)] ^= 1;
                            byte[] bad = sealed;
                            int index = i;
                            assertThrows(EnvelopeIntegrityException.class, () -> cipher.open(index, index % 5 == 0, bad, 0, bad.length));
                        } else {
                            assertArrayEquals(plain, cipher.open(i, i % 5 == 0, sealed, 0, sealed.length));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
