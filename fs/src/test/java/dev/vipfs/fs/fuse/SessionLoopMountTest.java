package dev.vipfs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.fs.mount.Mounts;
import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import dev.vipfs.policy.PolicyEngine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests are served by the mount's own Java worker threads, more of them only while all are busy,
 * and the session ends with the mount.
 */
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
            // One caller at a time: the kernel hands requests to the waiting workers in turn, so a
            // pool of ten from the start would give a single reader ten threads' first requests.
            for (int i = 0; i < 300; i++) {
                assertFalse(Files.exists(fx.mountpoint.resolve("absent-" + i)));
            }
            long alone = liveWorkers();
            assertTrue(alone >= 1 && alone <= 5, "workers for one caller: " + alone);
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
            assertTrue(liveWorkers() <= SessionLoop.WORKERS, "more workers than libfuse's ceiling");
            assertArrayEquals(data, Files.readAllBytes(fx.path(file.cid())));
            long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - before;
            assertTrue(started < 100, "3,000 requests started " + started + " JVM threads");
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().startsWith("vipfs-fuse-")), "the mount's workers are Java threads");
        }
    }

    @Test
    void moreWorkersStartWhileAllAreBusyWithLongRequests() throws Exception {
        try (MountFixture fx = new MountFixture(tmp, true)) {
            List<byte[]> contents = new ArrayList<>();
            List<ImportedNode> files = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                byte[] data = new byte[200_000];
                new Random(i).nextBytes(data);
                contents.add(data);
                files.add(fx.addEncrypted(data));
            }
            // Each block takes 3 ms to come, as from a busy disk or a Kubo daemon: six readers keep
            // both first workers busy past the time after which another one starts.
            BlockSource slow = new BlockSource() {
                @Override
                public byte[] get(Cid cid) throws IOException {
                    try {
                        Thread.sleep(3);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                    return fx.store.get(cid);
                }

                @Override
                public boolean has(Cid cid) throws IOException {
                    return fx.store.has(cid);
                }
            };
            fx.mountWith(new UnixfsReader(slow), PolicyEngine.allowAll(), MountOptions.builder().build());
            ExecutorService readers = Executors.newFixedThreadPool(files.size());
            try {
                List<Future<byte[]>> read = new ArrayList<>();
                for (ImportedNode f : files) {
                    read.add(readers.submit(() -> Files.readAllBytes(fx.path(f.cid()))));
                }
                for (int i = 0; i < files.size(); i++) {
                    assertArrayEquals(contents.get(i), read.get(i).get(120, TimeUnit.SECONDS));
                }
            } finally {
                readers.shutdownNow();
            }
            long workers = liveWorkers();
            assertTrue(workers > 2 && workers <= SessionLoop.WORKERS, "workers for six slow readers: " + workers);
        }
    }

    private static long liveWorkers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("vipfs-fuse-") && t.isAlive()).count();
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
