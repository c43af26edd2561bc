package dev.vipfs.fs.fuse;

import dev.vipfs.fs.access.AccessGate;
import dev.vipfs.fs.access.ContentGate;
import dev.vipfs.fs.content.ObjectInspector;
import dev.vipfs.fs.metrics.MountMetrics;
import dev.vipfs.fs.metrics.Timings;
import dev.vipfs.fs.path.PathResolver;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import dev.vipfs.policy.Caller;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/**
 * Runs a mount's lookup, listing and open/read paths over its own catalogued content before the
 * mount serves, so that the JIT has compiled them when the first real requests come: a fresh
 * daemon otherwise serves its first tens of thousands of requests interpreted and from C1 code
 * while C2 compiles (docs/benchmarks.md, "Warm-up before serving").
 *
 * <p>The requests go through the same edge classes as real ones, but on a shadow edge whose gate
 * is the caller's throwaway one (its own policy and audit trail, never the mount's) and whose
 * caller is fixed: nothing the warm-up does is decided by the mount's policies, written to its
 * audit trail or shown to anyone. It reads only what the catalogue already holds.
 */
public final class MountWarmup {
    /** What a warm-up did: requests made, nanoseconds taken, and whether it stopped on its budget. */
    public record Result(long requests, long nanos, boolean budgetSpent) { }

    /**
     * What the warm-up reads through: the mount's own reader, or one over the blocks its store
     * already holds (with caches of its own), and how many bytes of a large file it first reads as a
     * streaming reader does (0: none), which on a store that streams a file's leaves (Kubo's gateway)
     * compiles that path too.
     */
    public record Source(UnixfsReader reader, long streamBytes) {
        /** The mount's own reader, no streaming read. */
        public static Source of(MountParts mount) {
            return new Source(mount.reader(), 0);
        }
    }

    /** Enough rounds for C2 to take the request paths (tier 4 after thousands of invocations). */
    private static final int LOOKUP_TARGET = 30_000;
    private static final int OPEN_TARGET = 6_000;
    /** 4 KiB reads at scattered offsets of large files, as random readers (and row 3) make them. */
    private static final int SCATTER_TARGET = 256;
    private static final int SCATTER_READS = 8;
    private static final long LARGE_FILE = 1L << 20;
    private static final int LISTING_ROUNDS = 8;
    private static final int MAX_DIRS = 16;
    private static final int MAX_ENTRIES = 2_000;
    private static final int ENTRIES_PER_DIR = 500;
    private static final int MAX_FILES = 64;
    private static final int MAX_LARGE = 4;
    private static final int READ_BYTES = 4096;
    private static final long SHADOW_SEGMENTS = 4L << 20;
    /** The streaming read's request size: the mount's max_read, what the kernel asks for in sequence. */
    private static final int STREAM_READ = 128 << 10;
    /** The streaming read's share of the budget: the rounds after it warm what most requests are. */
    private static final int STREAM_BUDGET_DIVISOR = 3;
    /** The compilers are done when they have used no CPU for this long. */
    private static final long QUIET_NANOS = 150_000_000L;

    private final VipfsFuse edge;
    private final CallbackEntry calls;
    private final MountParts real;
    private final long streamBytes;
    private final Runtime runtime = Runtime.getSystemRuntime();
    private final FileStat stat;
    private final FuseFileInfo info;
    private final Pointer readBuffer;
    private final List<String> names = new ArrayList<>();
    private final FuseFillDir filler = (buf, name, st, off) -> {
        names.add(nameOf(name));
        return 0;
    };
    private final List<String> dirs = new ArrayList<>();
    private final List<String> entries = new ArrayList<>();
    private final List<String> files = new ArrayList<>();
    private final List<LargeFile> large = new ArrayList<>();
    private long requests;
    private long scatter;

    private record LargeFile(String path, long size) { }

    private MountWarmup(MountParts real, Source source, AccessGate throwaway, Caller caller) {
        UnixfsReader reader = source.reader();
        boolean own = reader == real.reader();
        ObjectInspector inspector = own ? real.inspector() : new ObjectInspector(reader);
        PathResolver resolver = own ? real.resolver() : new PathResolver(reader, inspector);
        // Its own envelopes and segments: an envelope a caller never opened must not be remembered
        // as opened (a retired key version, say, would still decrypt it for the cache's lifetime).
        MountParts shadow = new MountParts(reader, inspector, resolver, real.content().apart(reader, SHADOW_SEGMENTS), throwaway,
                real.names(), new ContentGate(throwaway, resolver, real.names()), real.catalog(),
                real.allowPlaintext(), real.prefetch());
        this.real = real;
        this.streamBytes = source.streamBytes();
        this.edge = new VipfsFuse(shadow, () -> caller);
        this.calls = new CallbackEntry(edge);
        this.stat = FileStat.of(Memory.allocateDirect(runtime, Struct.size(new FileStat(runtime))));
        this.info = FuseFileInfo.of(Memory.allocateDirect(runtime, 64));
        this.readBuffer = Memory.allocateDirect(runtime, READ_BYTES);
    }

    /**
     * Warms the paths of a mount of {@code real} as {@code caller} through {@code throwaway}, for at
     * most {@code budgetNanos}; a mount whose catalogue is empty has nothing to warm.
     */
    public static Result run(MountParts real, AccessGate throwaway, Caller caller, long budgetNanos) throws Exception {
        return run(real, Source.of(real), throwaway, caller, budgetNanos);
    }

    /** The same, reading through {@code source}. */
    public static Result run(MountParts real, Source source, AccessGate throwaway, Caller caller, long budgetNanos) throws Exception {
        return new MountWarmup(real, source, throwaway, caller).warm(budgetNanos);
    }

    private Result warm(long budgetNanos) throws Exception {
        // Nothing the warm-up does is the mount's work: latencies go nowhere, and the counts it
        // made are zeroed before the first real request.
        MountMetrics metrics = MountMetrics.global();
        Timings timings = metrics.timings();
        metrics.timings(Timings.NONE);
        try {
            return warmPaths(budgetNanos);
        } finally {
            metrics.timings(timings);
            metrics.reset();
        }
    }

    private Result warmPaths(long budgetNanos) throws Exception {
        long start = System.nanoTime();
        long deadline = start + budgetNanos;
        for (Cid root : real.catalog().roots()) {
            if (System.nanoTime() >= deadline || entries.size() >= MAX_ENTRIES) {
                break;
            }
            visit("/" + root, deadline);
        }
        if (entries.isEmpty()) {
            return new Result(requests, System.nanoTime() - start, System.nanoTime() >= deadline);
        }
        if (streamBytes > 0 && !large.isEmpty()) {
            stream(large.get(0), Math.min(deadline, start + budgetNanos / STREAM_BUDGET_DIVISOR));
        }
        // Each round asks for lookups, opens and scattered reads in the proportion of their
        // targets; listings are few but long, so a handful of rounds compiles them.
        long opensPerRound = files.isEmpty() ? 0
                : Math.max(files.size(), (long) entries.size() * OPEN_TARGET / LOOKUP_TARGET);
        long scatteredPerRound = large.isEmpty() ? 0 : 1; // a cold disk's reads: a few per round
        long lookups = 0;
        long opens = opensPerRound == 0 ? OPEN_TARGET : 0;
        long scattered = scatteredPerRound == 0 ? SCATTER_TARGET : 0;
        for (int round = 0; System.nanoTime() < deadline
                && (lookups < LOOKUP_TARGET || opens < OPEN_TARGET || scattered < SCATTER_TARGET); round++) {
            if (round < LISTING_ROUNDS) {
                for (String dir : dirs) {
                    list(dir);
                }
            }
            for (String path : entries) {
                calls.getattr(path, stat);
                requests++;
                lookups++;
            }
            for (long i = 0; i < opensPerRound && opens < OPEN_TARGET; i++) {
                read(files.get((int) (i % files.size())), 0, 1);
                opens++;
            }
            for (long i = 0; i < scatteredPerRound && scattered < SCATTER_TARGET; i++) {
                LargeFile f = large.get((int) (scattered % large.size()));
                read(f.path(), f.size(), SCATTER_READS);
                scattered += SCATTER_READS;
            }
        }
        CompilerThreads.awaitQuiet(deadline, QUIET_NANOS);
        return new Result(requests, System.nanoTime() - start, System.nanoTime() >= deadline);
    }

    /**
     * Collects what {@code path} is and, for a directory, a share of what lies below it: every
     * root gets its turn (a web root's few files as much as a huge tree's first entries).
     */
    private void visit(String path, long deadline) {
        if (calls.getattr(path, stat) != 0) {
            return;
        }
        requests++;
        entries.add(path);
        int type = stat.st_mode.intValue() & FileStat.S_IFMT;
        if (type == FileStat.S_IFREG) {
            long size = stat.st_size.longValue();
            if (size > LARGE_FILE && large.size() < MAX_LARGE) {
                large.add(new LargeFile(path, size));
            } else if (files.size() < MAX_FILES) {
                files.add(path);
            }
            return;
        }
        if (type != FileStat.S_IFDIR || dirs.size() >= MAX_DIRS || list(path) != 0) {
            return;
        }
        dirs.add(path);
        List<String> children = new ArrayList<>(names.subList(Math.min(2, names.size()), names.size()));
        int taken = 0;
        for (String name : children) {
            if (taken++ >= ENTRIES_PER_DIR || entries.size() >= MAX_ENTRIES || System.nanoTime() >= deadline) {
                return;
            }
            visit(path + "/" + name, deadline);
        }
    }

    /** The name as libfuse's filler receives it: UTF-8, perhaps NUL-terminated. */
    private static String nameOf(ByteBuffer name) {
        int end = name.limit();
        while (end > name.position() && name.get(end - 1) == 0) {
            end--;
        }
        byte[] bytes = new byte[end - name.position()];
        name.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private int list(String dir) {
        names.clear();
        requests++;
        return edge.readdir(dir, null, filler, 0, info);
    }

    /** What a streaming reader (cat, a copy) does: open, 128 KiB reads in order from the start, flush, release. */
    private void stream(LargeFile f, long until) {
        if (!open(f.path())) {
            return;
        }
        Pointer buffer = Memory.allocateDirect(runtime, STREAM_READ);
        long end = Math.min(f.size(), streamBytes);
        for (long offset = 0; offset < end && System.nanoTime() < until; offset += STREAM_READ) {
            requests++;
            if (calls.read(f.path(), buffer, STREAM_READ, offset, info) <= 0) {
                break;
            }
        }
        close(f.path());
    }

    /**
     * What a reader does: open, {@code reads} reads of 4 KiB (the head, or scattered over a large
     * file's {@code size} bytes as random readers ask), flush, release.
     */
    private void read(String path, long size, int reads) {
        if (!open(path)) {
            return;
        }
        for (int i = 0; i < reads; i++) {
            long offset = size <= READ_BYTES ? 0 : (scatter++ * 2_654_435_761L & Long.MAX_VALUE) % (size / READ_BYTES) * READ_BYTES;
            calls.read(path, readBuffer, READ_BYTES, offset, info);
        }
        requests += reads;
        close(path);
    }

    /** A reader's open (read-only), counted; false when it was refused. */
    private boolean open(String path) {
        info.flags.set(0);
        requests++;
        return calls.open(path, info) == 0;
    }

    /** A reader's close: flush, then release. */
    private void close(String path) {
        calls.flush(path, info);
        calls.release(path, info);
        requests += 2;
    }
}
