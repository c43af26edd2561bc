package dev.vipfs.fs.fuse;

import dev.vipfs.libc.Libc;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The CPU time of the JIT's compiler threads, from {@code /proc/self/task}: while compilations are
 * queued a compiler thread runs, so time that has stopped growing means the queue is drained. The
 * JVM's own compilation time ({@code CompilationMXBean}) grows only as compilations finish, and a
 * warm-up that watched it ended with about 180 methods still waiting for C2 (docs/benchmarks.md,
 * "A fresh daemon's compile backlog").
 */
final class CompilerThreads {
    /** Returned when no compiler thread could be read (no /proc, another JVM's thread names). */
    static final long UNKNOWN = -1;
    /** The highest nice value, the least CPU share: where {@code SCHED_IDLE} cannot be had. */
    private static final int LOWEST_PRIORITY = 19;

    private CompilerThreads() {
    }

    /** The utime + stime clock ticks of this process's C1 and C2 compiler threads, or {@link #UNKNOWN}. */
    static long cpuTicks() {
        long sum = 0;
        boolean found = false;
        try {
            for (Path task : compilerTasks()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue; // a thread that ended between the listing and the read
                }
                // Fields after the name's closing parenthesis start at field 3 (state); utime and
                // stime are fields 14 and 15 (proc(5)).
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                sum += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                found = true;
            }
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
        return found ? sum : UNKNOWN;
    }

    /**
     * Puts the compiler threads in {@code SCHED_IDLE}, for a warm mount: what they still compile is
     * incidental (a branch the warm-up never took), and it must not hold back a request on a 2-core
     * machine. At nice 19 it still did: Linux lets a running thread finish its time slice before a
     * woken one of any nice value takes its CPU, and a woken FUSE worker or reader waited 1–2 ms
     * behind a compile while the other core was idle. A {@code SCHED_IDLE} thread gives its CPU up
     * to any other thread that wakes, and a CPU running only such threads counts as idle when Linux
     * places a woken thread (docs/benchmarks.md, "Compilers that give way"). They still get every
     * idle cycle and a small share under load; threads the JVM adds later are started by a compiler
     * thread and inherit the policy. Where that policy cannot be set, nice 19 instead. Returns how
     * many threads were changed: 0 where there is no /proc, no libc or no permission, which only
     * leaves things as they were.
     */
    static int yieldToRequests() {
        Libc.Calls c = Libc.C;
        if (c == null) {
            return 0;
        }
        List<Path> tasks;
        try {
            tasks = compilerTasks();
        } catch (IOException e) {
            return 0;
        }
        int changed = 0;
        for (Path task : tasks) {
            int tid = Integer.parseInt(task.getFileName().toString());
            if (c.sched_setscheduler(tid, Libc.SCHED_IDLE, new int[] {0}) == 0
                    || c.setpriority(Libc.PRIO_PROCESS, tid, LOWEST_PRIORITY) == 0) {
                changed++;
            }
        }
        return changed;
    }

    /** This process's compiler threads' /proc/self/task entries (threads that end meanwhile are skipped). */
    private static List<Path> compilerTasks() throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                try {
                    if (isCompiler(Files.readString(task.resolve("comm")))) {
                        found.add(task);
                    }
                } catch (IOException ended) {
                    // a thread that ended between the listing and the read
                }
            }
        }
        return found;
    }

    /**
     * Waits until the compilers have used no CPU for {@code quietNanos}, or until {@code deadline}
     * ({@link System#nanoTime()}): what was queued is compiled then, and the first requests do not
     * wait behind it. Where the compiler threads cannot be watched, until no compilation has ended for
     * that long; where neither can, not at all.
     */
    static void awaitQuiet(long deadline, long quietNanos) throws InterruptedException {
        LongSupplier activity = CompilerThreads::cpuTicks;
        long seen = activity.getAsLong();
        if (seen == UNKNOWN) {
            activity = finishedCompilations();
            if (activity == null) {
                return;
            }
            seen = activity.getAsLong();
        }
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - quietSince < quietNanos) {
            Thread.sleep(25);
            long now = activity.getAsLong();
            if (now != seen) {
                seen = now;
                quietSince = System.nanoTime();
            }
        }
    }

    private static LongSupplier finishedCompilations() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit == null || !jit.isCompilationTimeMonitoringSupported() ? null : jit::getTotalCompilationTime;
    }

    /** HotSpot names them "C1 CompilerThread0", "C2 CompilerThread1", ...; comm keeps 15 bytes. */
    static boolean isCompiler(String comm) {
        return comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler");
    }
}
