package dev.vipfs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.libc.Libc;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm-up's view of the JIT: this JVM's compiler threads, found by name in /proc/self/task. */
class CompilerThreadsTest {
    @Test
    void findsThisJvmsCompilerThreads() {
        // Tiered compilation (the default, and what bin/vipfs runs) always has a C1 and a C2 thread.
        long ticks = CompilerThreads.cpuTicks();
        assertNotEquals(CompilerThreads.UNKNOWN, ticks, "no compiler thread in /proc/self/task");
        assertTrue(ticks >= 0);
    }

    @Test
    void waitsForQuietCompilersNoLongerThanItsDeadline() throws InterruptedException {
        // Quiet for ever is never reached: the deadline alone ends the wait, and it does end it.
        long start = System.nanoTime();
        CompilerThreads.awaitQuiet(start + 100_000_000L, Long.MAX_VALUE);
        long waited = System.nanoTime() - start;
        assertTrue(waited >= 100_000_000L, "returned before its deadline: " + waited + " ns");
        assertTrue(waited < 5_000_000_000L, "waited far past its deadline: " + waited + " ns");
    }

    @Test
    void putsTheCompilerThreadsInTheIdlePolicy() throws IOException {
        // This test JVM's compilers keep SCHED_IDLE afterwards: they then only lose CPU to other work.
        assertTrue(CompilerThreads.yieldToRequests() >= 2, "fewer than a C1 and a C2 thread changed");
        List<Integer> policies = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                if (CompilerThreads.isCompiler(Files.readString(task.resolve("comm")))) {
                    String stat = Files.readString(task.resolve("stat"));
                    // policy is field 41 (proc(5)), the 39th after the name's closing parenthesis.
                    policies.add(Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[38]));
                }
            }
        }
        assertFalse(policies.isEmpty());
        assertEquals(List.of(Libc.SCHED_IDLE), policies.stream().distinct().toList(), "compiler threads' policies");
    }

    @Test
    void namesAsProcShowsThem() {
        assertTrue(CompilerThreads.isCompiler("C2 CompilerThre"));
        assertTrue(CompilerThreads.isCompiler("C1 CompilerThre"));
        assertFalse(CompilerThreads.isCompiler("vipfs-prefetch"));
        assertFalse(CompilerThreads.isCompiler("VM Thread"));
    }
}
