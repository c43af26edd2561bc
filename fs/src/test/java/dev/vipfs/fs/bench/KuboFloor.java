package dev.vipfs.fs.bench;

import dev.vipfs.crypto.envelope.EnvelopeReader;
import dev.vipfs.crypto.keys.Keyring;
import dev.vipfs.fs.content.EnvelopeLayout;
import dev.vipfs.fs.content.EnvelopeOpener;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.kubo.KuboAddress;
import dev.vipfs.ipfs.kubo.KuboBlockSource;
import dev.vipfs.ipfs.kubo.KuboSourceBuilder;
import dev.vipfs.ipfs.unixfs.codec.DecodedNode;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Row 2's design floor (issue #16): a sequential read of an encrypted file from Kubo with only the
 * work no design can skip, measured on the daemon's JVM and options. It asks Kubo what a
 * {@code --store kubo} mount asks for that read, through vipfs's own {@link KuboBlockSource}: a
 * {@code block/get} of every interior node and one gateway file response per parent of leaves
 * ({@code exportLeaves}), each leaf rebuilt and SHA-256-checked against its CID; then it opens every
 * envelope segment with the file's own key ({@link EnvelopeReader}, AES-256-GCM). No FUSE, no
 * cache, no read path: {@link KuboLeafPump} fetches and verifies on one thread while the caller's
 * thread decrypts, vipfs's own split between its leaf-stream pump and its prefetch threads.
 *
 * <p>Usage: {@code KuboFloor FILE_CID PASSES [KUBO_PID]}, with {@code IPFS_PATH} naming the Kubo (its
 * {@code api} and {@code gateway} files, as vipfs discovers them) and {@code VIPFS_HOME} the home
 * whose keyring opens the file. Each pass drops the page cache first (as root), so pass 1 is a fresh
 * JVM's cold read and later passes a warm JVM's. One line per pass: rate in plaintext MiB/s, this
 * process's CPU seconds per GiB (all threads, the compilers included) and, given its pid, Kubo's;
 * with {@code KUBOFLOOR_THREADS} set, also the pass's CPU seconds by thread name.
 */
public final class KuboFloor {
    private static final long GIB = 1L << 30;

    private final KuboBlockSource source;
    private final Cid payload;
    private final long payloadLength;
    private final EnvelopeReader envelope;

    /** A pass's figures. */
    record Pass(long plainBytes, long segments, long nanos, long cpuNanos, long kuboTicks) {
        String line(int n, boolean withKubo) {
            double gib = (double) plainBytes / GIB;
            String kubo = withKubo ? String.format(Locale.ROOT, " kubo_cpu_s_per_gib %.2f", kuboTicks / 100.0 / gib) : "";
            return String.format(Locale.ROOT, "kubofloor pass %d mibps %.1f cpu_s_per_gib %.2f%s segments %d", n,
                    plainBytes / 1048576.0 / (nanos / 1e9), cpuNanos / 1e9 / gib, kubo, segments);
        }
    }

    /** Reads the envelope root and header (not timed: a mount does this when the file is opened). */
    KuboFloor(KuboBlockSource source, Cid file, Path keysDir) throws Exception {
        this.source = source;
        DecodedNode root = DecodedNode.decode(file, source.get(file));
        if (root.isRaw() || root.pb().links().size() != 2
                || !EnvelopeLayout.HEADER_LINK.equals(root.pb().links().get(0).name())) {
            throw new IOException(file + " is not a vipfs envelope (an encrypted file added by vipfs)");
        }
        this.payload = root.pb().links().get(1).hash();
        this.payloadLength = root.fs().blocksize(1);
        byte[] header = EnvelopeOpener.readWhole(new UnixfsReader(source), root.pb().links().get(0).hash());
        this.envelope = EnvelopeReader.open(header, Keyring.open(keysDir));
    }

    /** One sequential read of the whole payload; {@code sink} sees each segment's plaintext (tests), or null. */
    Pass read(PlaintextSink sink, long kuboPid) throws Exception {
        long kubo0 = kuboTicks(kuboPid);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        SegmentOpener opener = new SegmentOpener(envelope, payloadLength);
        try (KuboLeafPump pump = new KuboLeafPump(source, payload)) {
            for (KuboLeafPump.Leaf leaf = pump.take(); leaf != null; leaf = pump.take()) {
                opener.open(leaf, sink);
            }
        }
        long nanos = System.nanoTime() - t0;
        long cpu = processCpuNanos() - cpu0;
        opener.checkComplete();
        return new Pass(opener.plainBytes(), opener.segments(), nanos, cpu, kuboTicks(kuboPid) - kubo0);
    }

    /** Receives a segment's plaintext, {@code out[0, len)}, in file order. */
    interface PlaintextSink {
        void accept(long segment, byte[] out, int len);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** utime + stime of a process in clock ticks (USER_HZ, 100 on Linux); 0 without a pid. */
    static long kuboTicks(long pid) throws IOException {
        if (pid <= 0) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14 and 15 of proc(5)
    }

    /** As bench/run's drop_caches: Kubo's blocks must come from the device, as they do for the mount. */
    private static void dropCaches() throws Exception {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        try {
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
        } catch (IOException e) {
            System.err.println("kubofloor: could not drop the page cache (" + e.getMessage() + "): the pass reads warm blocks");
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: KuboFloor FILE_CID PASSES [KUBO_PID]  (IPFS_PATH: the Kubo; VIPFS_HOME: the keys)");
            System.exit(2);
        }
        String home = System.getenv("VIPFS_HOME");
        if (home == null || home.isBlank()) {
            System.err.println("kubofloor: set VIPFS_HOME to the vipfs home whose keys open the file");
            System.exit(2);
        }
        long kuboPid = args.length == 3 ? Long.parseLong(args[2]) : 0;
        // The mount's source: the discovered API and gateway, the default 30 s fetch bound.
        KuboSourceBuilder b = KuboBlockSource.builder().address(KuboAddress.discover())
                .timeout(Duration.ofSeconds(30)).fetchTimeout(Duration.ofSeconds(30));
        KuboAddress.discoverGateway(System.getenv()).ifPresentOrElse(b::gateway,
                () -> System.err.println("kubofloor: no Kubo gateway found: leaves come as CARs, not file responses"));
        try (KuboBlockSource source = b.build()) {
            KuboFloor floor = new KuboFloor(source, Cid.parse(args[0]), Path.of(home, "keys"));
            boolean threads = System.getenv("KUBOFLOOR_THREADS") != null;
            for (int n = 1; n <= Integer.parseInt(args[1]); n++) {
                dropCaches();
                Map<String, Long> before = threads ? ThreadTicks.byName() : Map.of();
                Pass pass = floor.read(null, kuboPid);
                System.out.println(pass.line(n, kuboPid > 0));
                if (threads) {
                    ThreadTicks.print(before, ThreadTicks.byName(), pass.cpuNanos() / 10_000_000);
                }
            }
        }
        System.exit(0); // OkHttp's idle connections would keep the JVM up for a minute
    }
}
