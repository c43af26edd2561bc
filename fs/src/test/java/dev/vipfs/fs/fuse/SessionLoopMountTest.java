package dev.vipfs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.fs.mount.Mounts;
import dev.vipfs.ipfs.unixfs.ImportedNode;
import dev.vipfs.policy.PolicyEngine;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests are served by the mount's own Java worker threads, and the session ends with the mount. */
class SessionLoopMountTest {
    @TempDir
    Path tmp;

    @Test
    void requestsOfAFreshMountStartNoThreadEach() throws Exception {
        try (MountFixture fx = new MountFixture(tmp, true)) {
            byte[] data = new byte[300_000];
            new Random(3).nextBytes(data);
            ImportedNode file = fx.addEncrypted(data);
            fx.mount(PolicyEngine.allowAll(), MountOptions.builder().build());
            long before = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
            // Lookups of absent names are never cached by the kernel (no negative timeout), so each
            // one reaches the daemon: 3,000 requests, more than libfuse's workers would have served
            // with a JVM attach and detach apiece under jffi's 1,000-call threshold.
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                Future<?>[] done = new Future<?>[4];
                for (int c = 0; c < done.length; c++) {
                    int caller = c;
                    done[c] = callers.submit(() -> {
                        for (int i = 0; i < 750; i++) {
                            assertFalse(Files.exists(fx.mountpoint.resolve("absent-" + caller + "-" + i)));
                        }
                        return null;
                    });
                }
                for (Future<?> f : done) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                callers.shutdownNow();
            }
            assertArrayEquals(data, Files.readAllBytes(fx.path(file.cid())));
            long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - before;
            assertTrue(started < 100, "3,000 requests started " + started + " JVM threads");
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().startsWith("vipfs-fuse-")), "the mount's workers are Java threads");
        }
    }

    @Test
    void unmountingEndsTheWorkersAndTheMountCall() throws Exception {
        MountFixture fx = new MountFixture(tmp, true);
        try (fx) {
            fx.mount(PolicyEngine.allowAll(), MountOptions.builder().build());
            try (var names = Files.list(fx.mountpoint)) {
                assertEquals(0, names.filter(p -> !p.getFileName().toString().equals("data")).count());
            }
            try {
                Files.readAttributes(fx.mountpoint.resolve("not-a-cid"), "size");
            } catch (NoSuchFileException expected) {
                // served and answered ENOENT
            }
        }
        assertFalse(Mounts.isMounted(fx.mountpoint));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("vipfs-fuse-") && t.isAlive())) {
            Thread.sleep(50);
        }
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("vipfs-fuse-") && t.isAlive()), "workers left after unmount");
    }
}
