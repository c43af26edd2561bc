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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a mount's lookup, listing and open/read paths over its own catalogued content before the
 * mount serves, so that the JIT has compiled them when the first real requests come: a fresh
 * daemon otherwise serves its first tens of thousands of requests interpreted and from C1 code
 * while C2 compiles (docs/benchmarks.md, "Warm-up before serving").
 *
 * <p>The requests are FUSE requests, made by this process over a socketpair to a libfuse session
 * of their own ({@link LoopbackKernel}), so they run the whole path real ones run, from the
 * session's workers to the file system. That session serves a shadow edge whose gate is the
 * caller's throwaway one (its own policy and audit trail, never the mount's), and no kernel and no
 * other process can reach it: nothing the warm-up does is decided by the mount's policies, written
 * to its audit trail or shown to anyone. It reads only what the catalogue already holds.
 */
public final class MountWarmup {
    /** What a warm-up did: requests made, nanoseconds taken, and whether it stopped on its budget. */
    public record Result(long requests, long nanos, boolean budgetSpent) { }

    /**
     * What the warm-up reads through (the mount's reader, or one over the blocks its store already
     * holds), and how many bytes of a large file it first reads as a streaming reader (0: none).
     */
    public record Source(UnixfsReader reader, long streamBytes) {
        /** The mount's own reader, no streaming read. */
        public static Source of(MountParts mount) {
            return new Source(mount.reader(), 0);
        }
    }

    /** Enough rounds for C2 to take the request paths (tier 4 after thousands of invocations). */
    private static final int LOOKUP_TARGET = 20_000;
    private static final int OPEN_TARGET = 4_000;
    /** 4 KiB reads at scattered offsets of large files: random readers' (docs/benchmarks.md, row 3). */
    private static final int SCATTER_TARGET = 1_024;
    private static final int SCATTER_READS = 8;
    /**
     * Within a large file's first 4 MiB: the code is the same at any offset. Reads spread over 32 MiB
     * left that much of the store's page cache in a read-ahead state that a later random reader
     * landing there paid for with a multi-millisecond read (docs/benchmarks.md, "Compilers behind requests").
     */
    private static final long SCATTER_SPAN = 4L << 20;
    /** Passes after the first quiet, each about what a tier-2 method needs to reach C2 (thousands of calls). */
    private static final int SETTLE_PASSES = 3;
    private static final int SETTLE_LOOKUPS = 6_000;
    private static final int SETTLE_OPENS = 1_500;
    private static final int SETTLE_SCATTER = 4_000;
    /** A pass after which the compilers used no more than this (clock ticks, 10 ms each) leaves nothing to settle. */
    private static final long SETTLED_TICKS = 2;
    private static final long LARGE_FILE = 1L << 20;
    private static final int LISTING_ROUNDS = 8;
    private static final int MAX_DIRS = 16;
    private static final int MAX_ENTRIES = 2_000;
    private static final int ENTRIES_PER_DIR = 500;
    private static final int MAX_FILES = 64;
    private static final int MAX_LARGE = 4;
    private static final int READ_BYTES = 4096;
    private static final long SHADOW_SEGMENTS = 4L << 20;
    /** The streaming read's share of the budget: the rounds after it warm what most requests are. */
    private static final int STREAM_BUDGET_DIVISOR = 3;
    private static final long MIN_REPLY_MILLIS = 1_000;
    /** The compilers are done when they have used no CPU for this long. */
    private static final long QUIET_NANOS = 150_000_000L;

    private final VipfsFuse edge;
    private final MountParts real;
    private final long streamBytes;
    private final Caller caller;
    private LoopbackKernel kernel;
    /** Every entry found, looked up again by name in its parent in each round, as a path walk does. */
    private final List<Entry> entries = new ArrayList<>();
    private final List<Long> dirs = new ArrayList<>();
    private final List<Long> files = new ArrayList<>();
    private final List<LoopbackKernel.Attr> large = new ArrayList<>();
    private long requests;
    private long scatter;

    private record Entry(long parent, String name) { }

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
        this.caller = caller;
        this.edge = new VipfsFuse(shadow);
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
        // A request stuck past the whole budget fails the warm-up (logged, skipped) instead of holding init.
        try (LoopbackKernel k = edge.loopback(caller.uid(), caller.gid(), Math.max(MIN_REPLY_MILLIS, budgetNanos / 1_000_000))) {
            kernel = k;
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
            visit(LoopbackKernel.ROOT, root.toString(), deadline);
        }
        if (entries.isEmpty()) {
            return new Result(requests, System.nanoTime() - start, System.nanoTime() >= deadline);
        }
        if (streamBytes > 0 && !large.isEmpty()) {
            stream(large.get(0), Math.min(deadline, start + budgetNanos / STREAM_BUDGET_DIVISOR));
        }
        rounds(LOOKUP_TARGET, OPEN_TARGET, SCATTER_TARGET, LISTING_ROUNDS, deadline);
        CompilerThreads.awaitQuiet(deadline, QUIET_NANOS);
        // What C1 compiled with a limited profile while C2 was busy (tier 2) moves on to C2 only on
        // its next calls, once the queue is short: without these passes that happened in the first
        // real requests, one C2 compile after another beside them (docs/benchmarks.md).
        for (int pass = 0; pass < SETTLE_PASSES && System.nanoTime() < deadline; pass++) {
            long before = CompilerThreads.cpuTicks();
            rounds(SETTLE_LOOKUPS, SETTLE_OPENS, SETTLE_SCATTER, 0, deadline);
            CompilerThreads.awaitQuiet(deadline, QUIET_NANOS);
            if (before == CompilerThreads.UNKNOWN || CompilerThreads.cpuTicks() - before <= SETTLED_TICKS) {
                break;
            }
        }
        CompilerThreads.yieldToRequests();
        return new Result(requests, System.nanoTime() - start, System.nanoTime() >= deadline);
    }

    /**
     * Rounds that each ask for lookups, opens and scattered reads in the proportion of their
     * targets, until all are met or the deadline; listings are few but long, so the first
     * {@code listingRounds} rounds list every directory.
     */
    private void rounds(long lookupTarget, long openTarget, long scatterTarget, int listingRounds, long deadline) {
        long opensPerRound = files.isEmpty() ? 0
                : Math.max(files.size(), (long) entries.size() * openTarget / lookupTarget);
        long scatteredPerRound = large.isEmpty() ? 0 : Math.max(1, scatterTarget * entries.size() / lookupTarget / SCATTER_READS);
        long lookups = 0;
        long opens = opensPerRound == 0 ? openTarget : 0;
        long scattered = scatteredPerRound == 0 ? scatterTarget : 0;
        for (int round = 0; System.nanoTime() < deadline
                && (lookups < lookupTarget || opens < openTarget || scattered < scatterTarget); round++) {
            if (round < listingRounds) {
                for (long dir : dirs) {
                    list(dir);
                }
            }
            for (Entry e : entries) {
                LoopbackKernel.Attr a = kernel.lookup(e.parent(), e.name());
                if (a != null && (lookups & 3) == 0) {
                    kernel.getattr(a.node()); // stat of a name the walk just found
                    requests++;
                }
                requests++;
                lookups++;
            }
            for (long i = 0; i < opensPerRound && opens < openTarget; i++) {
                read(files.get((int) (i % files.size())), 0, 1);
                opens++;
            }
            for (long i = 0; i < scatteredPerRound && scattered < scatterTarget; i++) {
                LoopbackKernel.Attr f = large.get((int) (scattered / SCATTER_READS % large.size()));
                read(f.node(), Math.min(f.size(), SCATTER_SPAN), SCATTER_READS);
                scattered += SCATTER_READS;
            }
        }
    }

    /**
     * Collects what {@code name} in {@code parent} is and, for a directory, a share of what lies
     * below it: every root gets its turn (a web root's few files as much as a huge tree's first entries).
     */
    private void visit(long parent, String name, long deadline) {
        LoopbackKernel.Attr a = kernel.lookup(parent, name);
        requests++;
        if (a == null) {
            return;
        }
        entries.add(new Entry(parent, name));
        if (a.regular()) {
            if (a.size() > LARGE_FILE && large.size() < MAX_LARGE) {
                large.add(a);
            } else if (files.size() < MAX_FILES) {
                files.add(a.node());
            }
            return;
        }
        if (!a.directory() || dirs.size() >= MAX_DIRS) {
            return;
        }
        List<String> names = list(a.node());
        if (names == null) {
            return;
        }
        dirs.add(a.node());
        int taken = 0;
        for (String child : names) {
            if (child.equals(".") || child.equals("..")) {
                continue;
            }
            if (taken++ >= ENTRIES_PER_DIR || entries.size() >= MAX_ENTRIES || System.nanoTime() >= deadline) {
                return;
            }
            visit(a.node(), child, deadline);
        }
    }

    private List<String> list(long dir) {
        requests += 3;
        return kernel.list(dir);
    }

    /** What a streaming reader (cat, a copy) does: open, the kernel's largest reads in order from the start, close. */
    private void stream(LoopbackKernel.Attr f, long until) {
        Optional<LoopbackKernel.Handle> h = open(f.node());
        if (h.isEmpty()) {
            return;
        }
        long end = Math.min(f.size(), streamBytes);
        for (long offset = 0; offset < end && System.nanoTime() < until; offset += LoopbackKernel.MAX_READ) {
            requests++;
            if (kernel.read(h.get(), offset, LoopbackKernel.MAX_READ) <= 0) {
                break;
            }
        }
        close(h.get());
    }

    /**
     * What a reader does: open, {@code reads} reads of 4 KiB (the head, or scattered over a large
     * file's {@code size} bytes as random readers ask, the last going back to the first's place as
     * they now and then do), close.
     */
    private void read(long node, long size, int reads) {
        Optional<LoopbackKernel.Handle> h = open(node);
        if (h.isEmpty()) {
            return;
        }
        long first = 0;
        for (int i = 0; i < reads; i++) {
            long offset = size <= READ_BYTES || (i > 1 && i == reads - 1) ? first
                    : (scatter++ * 2_654_435_761L & Long.MAX_VALUE) % (size / READ_BYTES) * READ_BYTES;
            first = i == 0 ? offset : first;
            kernel.read(h.get(), offset, READ_BYTES);
        }
        requests += reads;
        close(h.get());
    }

    /** A reader's open (read-only), counted; empty when it was refused. */
    private Optional<LoopbackKernel.Handle> open(long node) {
        requests++;
        return kernel.open(node);
    }

    /** A reader's close: flush (unless the open said there is nothing to), then release. */
    private void close(LoopbackKernel.Handle h) {
        kernel.close(h);
        requests += h.flush() ? 2 : 1;
    }
}
