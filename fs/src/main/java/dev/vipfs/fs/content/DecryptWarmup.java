package dev.vipfs.fs.content;

import dev.vipfs.crypto.EnvelopeIntegrityException;
import dev.vipfs.crypto.envelope.StanzaWarmup;
import dev.vipfs.crypto.segment.SegmentCipher;
import dev.vipfs.crypto.segment.SegmentOffsets;
import dev.vipfs.ipfs.cid.Multihash;
import java.security.SecureRandom;

/**
 * Runs segment decryption, block hashing and the HPKE of a file's first open on throwaway data and
 * keys in the background when a daemon starts.
 *
 * <p>AES-GCM and SHA-256 only run at AES-NI/CLMUL/SHA-NI speed once C2 has compiled the JDK methods
 * that carry those intrinsics; until then what a fresh daemon serves is decrypted and verified by
 * interpreted or C1 code, far slower (figures in docs/benchmarks.md, "Figures behind constants").
 * Doing that compilation work on dummy segments while the mount comes up moves it off the first
 * reader's path.
 */
public final class DecryptWarmup {
    /** Well past the rounds after which C2 has compiled the intrinsic paths with bin/vipfs's compile thresholds. */
    private static final int ROUNDS = 400;
    /** Enough HPKE for C2 to take BouncyCastle's X25519 field arithmetic (thousands of calls per round). */
    private static final int STANZA_ROUNDS = 48;
    /** The mount's FUSE workers (libfuse keeps up to 10) and prefetch threads. */
    private static final int DECRYPTORS = 16;

    private DecryptWarmup() {
    }

    /** Starts the warm-up on a low-priority daemon thread and returns at once. */
    public static Thread start() {
        Thread t = new Thread(DecryptWarmup::run, "vipfs-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t;
    }

    static void run() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        SegmentCipher cipher = new SegmentCipher(key);
        byte[] plain = new byte[SegmentOffsets.PLAIN_SEGMENT];
        long sink = 0;
        try {
            for (int i = 0; i < ROUNDS; i++) {
                // Some as a file's last segment: a reader's first read there trapped out of code
                // that had seen none (docs/benchmarks.md, "Compilers behind requests").
                boolean last = i % 8 == 7;
                byte[] sealed = cipher.seal(i, last, plain, 0, plain.length);
                sink += cipher.open(i, last, sealed, 0, sealed.length)[i % plain.length];
                sink += Multihash.sha256(sealed).digest()[0];
            }
        } catch (EnvelopeIntegrityException e) {
            throw new IllegalStateException("the JDK's AES-GCM failed a self-check: " + e.getMessage(), e);
        }
        // A file's first open: a mount that opened few files before its first reader compiled this
        // during that reader's reads.
        StanzaWarmup.run(STANZA_ROUNDS);
        // Decryptors for the serving threads, made now rather than on each thread's first read.
        SegmentCipher.prepareDecryptors(DECRYPTORS);
        if (sink == Long.MIN_VALUE) {
            System.err.print(""); // keeps the loop's results observable so the JIT cannot drop it
        }
    }
}
