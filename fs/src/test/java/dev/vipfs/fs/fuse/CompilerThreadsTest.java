package dev.vipfs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void namesAsProcShowsThem() {
        assertTrue(CompilerThreads.isCompiler("C2 CompilerThre"));
        assertTrue(CompilerThreads.isCompiler("C1 CompilerThre"));
        assertFalse(CompilerThreads.isCompiler("vipfs-prefetch"));
        assertFalse(CompilerThreads.isCompiler("VM Thread"));
    }
}
