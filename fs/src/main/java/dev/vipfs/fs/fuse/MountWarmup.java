package dev.vipfs.fs.fuse;

import dev.vipfs.fs.access.AccessGate;
import dev.vipfs.fs.access.ContentGate;
import dev.vipfs.fs.metrics.MountMetrics;
import dev.vipfs.fs.metrics.Timings;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.policy.Caller;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
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

    /** Enough rounds for C2 to take the request paths (tier 4 after thousands of invocations). */
    private static final int LOOKUP_TARGET = 30_000;
    private static final int OPEN_TARGET = 6_000;
    private static final int LISTING_ROUNDS = 8;
    private static final int MAX_DIRS = 16;
    private static final int MAX_ENTRIES = 2_000;
    private static final int MAX_FILES = 64;
    private static final int READ_BYTES = 4096;
    /** The compilers are done when their total time stops growing for this long. */
    private static final long QUIET_NANOS = 150_000_000L;

    private final VipfsFuse edge;
    private final MountParts real;
    private final Runtime runtime = Runtime.getSystemRuntime();
    private final FileStat stat;
    private final FuseFileInfo info;
    private final Pointer readBuffer;
    private final List<String> names = new ArrayList<>();
    private final FuseFillDir filler = (buf, name, st, off) -> {
        names.add(nameOf(name));
        return 0;
    };
    private long requests;

    private MountWarmup(MountParts real, AccessGate throwaway, Caller caller) {
        MountParts shadow = new MountParts(real.reader(), real.inspector(), real.resolver(), real.content(), throwaway,
                real.names(), new ContentGate(throwaway, real.resolver(), real.names()), real.catalog(),
                real.allowPlaintext(), real.prefetch());
        this.real = real;
        this.edge = new VipfsFuse(shadow, () -> caller);
        this.stat = FileStat.of(Memory.allocateDirect(runtime, Struct.size(new FileStat(runtime))));
        this.info = FuseFileInfo.of(Memory.allocateDirect(runtime, 64));
        this.readBuffer = Memory.allocateDirect(runtime, READ_BYTES);
    }

    /**
     * Warms the paths of a mount of {@code real} as {@code caller} through {@code throwaway}, for at
     * most {@code budgetNanos}; a mount whose catalogue is empty has nothing to warm.
     */
    public static Result run(MountParts real, AccessGate throwaway, Caller caller, long budgetNanos) throws Exception {
        return new MountWarmup(real, throwaway, caller).warm(budgetNanos);
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
        List<String> dirs = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (Cid root : real.catalog().roots()) {
            if (dirs.size() >= MAX_DIRS) {
                break;
            }
            explore("/" + root, dirs, entries, files);
        }
        if (entries.isEmpty() && files.isEmpty()) {
            return new Result(requests, System.nanoTime() - start, false);
        }
        // Each round asks for lookups and opens in the proportion of their targets; listings are
        // few but long, so a handful of rounds compiles them.
        long opensPerRound = files.isEmpty() ? 0
                : Math.max(files.size(), (long) entries.size() * OPEN_TARGET / LOOKUP_TARGET);
        long lookups = 0;
        long opens = 0;
        for (int round = 0; System.nanoTime() < deadline && (lookups < LOOKUP_TARGET || opens < OPEN_TARGET); round++) {
            if (round < LISTING_ROUNDS) {
                for (String dir : dirs) {
                    list(dir);
                }
            }
            for (String path : entries) {
                edge.getattr(path, stat);
                requests++;
                lookups++;
            }
            for (long i = 0; i < opensPerRound && opens < OPEN_TARGET; i++) {
                readHead(files.get((int) (i % files.size())));
                opens++;
            }
        }
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit != null && jit.isCompilationTimeMonitoringSupported()) {
            long seen = jit.getTotalCompilationTime();
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline && System.nanoTime() - quietSince < QUIET_NANOS) {
                Thread.sleep(25);
                long now = jit.getTotalCompilationTime();
                if (now != seen) {
                    seen = now;
                    quietSince = System.nanoTime();
                }
            }
        }
        return new Result(requests, System.nanoTime() - start, System.nanoTime() >= deadline);
    }

    /** Lists {@code dir} and what lies below it, collecting up to the limits. */
    private void explore(String dir, List<String> dirs, List<String> entries, List<String> files) {
        if (dirs.size() >= MAX_DIRS) {
            return;
        }
        if (list(dir) != 0) {
            return;
        }
        dirs.add(dir);
        List<String> children = new ArrayList<>(names.subList(Math.min(2, names.size()), names.size()));
        for (String name : children) {
            if (entries.size() >= MAX_ENTRIES) {
                return;
            }
            String path = dir + "/" + name;
            if (edge.getattr(path, stat) != 0) {
                continue;
            }
            requests++;
            entries.add(path);
            int type = stat.st_mode.intValue() & FileStat.S_IFMT;
            if (type == FileStat.S_IFDIR) {
                explore(path, dirs, entries, files);
            } else if (type == FileStat.S_IFREG && files.size() < MAX_FILES) {
                files.add(path);
            }
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

    /** What nginx does for a small file: open, read its head, flush, release. */
    private void readHead(String path) {
        info.flags.set(0);
        requests++;
        if (edge.open(path, info) != 0) {
            return;
        }
        edge.read(path, readBuffer, READ_BYTES, 0, info);
        edge.flush(path, info);
        edge.release(path, info);
        requests += 3;
    }
}
