package dev.vipfs.fs.content;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vipfs.crypto.CryptoException;
import dev.vipfs.crypto.envelope.EnvelopeReader;
import dev.vipfs.crypto.keys.KeyResolver;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;

/** Fetches and opens envelope headers, remembering opened ones briefly so repeated opens are cheap. */
public final class EnvelopeOpener {
    private static final int MAX_HEADER = 1 << 20;

    private final UnixfsReader reader;
    private final KeyResolver keys;
    // Short expiry so that a raised minimum key version takes effect without a remount.
    // Upkeep on the opening thread, not a hand-off to ForkJoinPool.commonPool per open.
    private final Cache<Cid, EnvelopeReader> opened = Caffeine.newBuilder().executor(Runnable::run)
            .maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(30)).build();

    public EnvelopeOpener(UnixfsReader reader, KeyResolver keys) {
        this.reader = reader;
        this.keys = keys;
    }

    public EnvelopeReader open(ObjectInfo info) throws IOException {
        Cid header = info.envelope().header();
        EnvelopeReader cached = opened.getIfPresent(header);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = readWhole(reader, header);
        try {
            EnvelopeReader r = EnvelopeReader.open(bytes, keys);
            opened.put(header, r);
            return r;
        } catch (CryptoException e) {
            throw new DecryptionException("object " + info.cid(), e);
        }
    }

    /** Reads a small object (a header leaf) whole, refusing anything implausibly large. */
    public static byte[] readWhole(UnixfsReader reader, Cid header) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        long offset = 0;
        while (true) {
            int n = reader.read(header, offset, buf, 0, buf.length);
            if (n <= 0) {
                return out.toByteArray();
            }
            out.write(buf, 0, n);
            offset += n;
            if (offset > MAX_HEADER) {
                throw new IOException("envelope header " + header + " is larger than " + MAX_HEADER + " bytes");
            }
        }
    }
}
