package dev.vipfs.ipfs.bench;

import dev.vipfs.ipfs.block.EmbeddedBlockstore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

/**
 * Random 4 KiB read latency of {@link UnixfsReader} on a file in the embedded blockstore, beside
 * Kubo reading the same DAG from its own repo ({@code /api/v0/cat?offset=&length=} on a local
 * daemon) and {@code pread} of the plain file, all with cold caches, in one process.
 *
 * <p>Run by {@code bench/import} (row 9) as root so it can drop the page cache. Each side is warmed
 * first on other offsets (the JIT, Kubo's HTTP path), then the page cache is dropped and a fresh
 * reader measures, so the figures are cold caches, not a cold JVM. Every read is compared with
 * the plain file: a fast wrong answer is no result. Prints {@code key<TAB>microseconds} sample
 * lines for bench/table.py. Usage: RandomReadLatency BLOCKS_DIR CID PLAIN_FILE COUNT [KUBO_API_URL]
 */
public final class RandomReadLatency {
    private static final int BLOCK = 4096;
    private static final int WARMUP_READS = 2000;

    private RandomReadLatency() {
    }

    /** One way of reading 4 KiB at an offset into a buffer. */
    private interface Read {
        void at(long offset, byte[] dst) throws IOException, InterruptedException;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4 || args.length > 5) {
            System.err.println("usage: RandomReadLatency BLOCKS_DIR CID PLAIN_FILE COUNT [KUBO_API_URL]");
            System.exit(2);
        }
        EmbeddedBlockstore store = new EmbeddedBlockstore(Path.of(args[0]));
        Cid cid = Cid.parse(args[1]);
        Path plain = Path.of(args[2]);
        int count = Integer.parseInt(args[3]);
        String kubo = args.length > 4 ? args[4] : null;
        long size = Files.size(plain);
        if (size < BLOCK) {
            throw new IllegalArgumentException(plain + " is smaller than one " + BLOCK + "-byte read");
        }
        if (new UnixfsReader(store).stat(cid).size() != size) {
            throw new IllegalArgumentException(cid + " is not the same size as " + plain);
        }
        long[] offsets = offsets(new Random(4096), size, count);
        long[] warmOffsets = offsets(new Random(1), size, WARMUP_READS);

        try (FileChannel plainCh = FileChannel.open(plain, StandardOpenOption.READ)) {
            Read pread = (off, dst) -> {
                ByteBuffer bb = ByteBuffer.wrap(dst);
                while (bb.hasRemaining() && plainCh.read(bb, off + bb.position()) > 0) {
                    // a short read from the page cache is legal; loop until the block is whole
                }
            };
            // The first reader's interior-node cache is thrown away with it; the measured one starts empty.
            warm(new UnixfsReader(store, 8L << 20), cid, warmOffsets);
            UnixfsReader reader = new UnixfsReader(store, 8L << 20);
            emit("reader", measure((off, dst) -> reader.read(cid, off, dst, 0, BLOCK), offsets, pread));

            if (kubo != null) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10)).build();
                Read viaKubo = (off, dst) -> kuboCat(http, kubo, cid, off, dst);
                for (long off : warmOffsets) {
                    viaKubo.at(off, new byte[BLOCK]);
                }
                emit("kubo", measure(viaKubo, offsets, pread));
            }
            emit("pread", measure(pread, offsets, null));
        }
    }

    private static void warm(UnixfsReader reader, Cid cid, long[] offsets) throws IOException {
        byte[] buf = new byte[BLOCK];
        for (long off : offsets) {
            reader.read(cid, off, buf, 0, BLOCK);
        }
    }

    /** Latencies in ns after a cache drop; each result is checked against {@code truth} when given. */
    private static long[] measure(Read read, long[] offsets, Read truth) throws Exception {
        dropCaches();
        byte[] buf = new byte[BLOCK];
        long[] nanos = new long[offsets.length];
        for (int i = 0; i < offsets.length; i++) {
            long t = System.nanoTime();
            read.at(offsets[i], buf);
            nanos[i] = System.nanoTime() - t;
            if (truth != null) {
                // Checked outside the timed span, and after it, so the check warms nothing that is measured.
                byte[] want = new byte[BLOCK];
                truth.at(offsets[i], want);
                if (!Arrays.equals(buf, want)) {
                    throw new IllegalStateException("the 4 KiB at offset " + offsets[i] + " differ from the plain file");
                }
            }
        }
        return nanos;
    }

    private static void kuboCat(HttpClient http, String api, Cid cid, long off, byte[] dst)
            throws IOException, InterruptedException {
        URI uri = URI.create(api + "/api/v0/cat?arg=" + cid + "&offset=" + off + "&length=" + BLOCK);
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200 || r.body().length != BLOCK) {
            throw new IOException("Kubo cat at offset " + off + ": HTTP " + r.statusCode() + ", " + r.body().length
                    + " bytes: " + new String(r.body(), 0, Math.min(200, r.body().length), java.nio.charset.StandardCharsets.UTF_8));
        }
        System.arraycopy(r.body(), 0, dst, 0, BLOCK);
    }

    private static long[] offsets(Random rng, long size, int count) {
        long blocks = size / BLOCK;
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = (long) (rng.nextDouble() * blocks) * BLOCK;
        }
        return out;
    }

    private static void dropCaches() {
        try {
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
        } catch (IOException e) {
            System.err.println("RandomReadLatency: cannot drop the page cache (not root?): figures are warm");
        }
    }

    private static void emit(String key, long[] nanos) {
        System.out.printf("%s_rand_p50\t%.1f%n%s_rand_p99\t%.1f%n", key, pct(nanos, 50), key, pct(nanos, 99));
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)] / 1000.0;
    }
}
