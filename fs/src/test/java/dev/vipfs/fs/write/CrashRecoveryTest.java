package dev.vipfs.fs.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.fs.mount.Mounts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL of the mount process mid-write and mid-rename leaves a consistent catalogue and an empty spool. */
class CrashRecoveryTest {
    @TempDir
    Path tmp;
    /** Children and mountpoints to clean up if a test fails before its own kill. */
    private final List<Process> children = new java.util.ArrayList<>();
    private final List<Path> mountpoints = new java.util.ArrayList<>();

    @AfterEach
    void killLeftovers() throws Exception {
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i).isAlive()) {
                kill(children.get(i), mountpoints.get(i));
            }
        }
    }

    private Process startMount(Path home) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashMountMain.class.getName(), home.toString()).redirectErrorStream(true).start();
        children.add(p);
        mountpoints.add(home.resolve("mnt"));
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null && !line.startsWith("READY")) {
            // Log lines before READY are the child's startup noise.
        }
        assertTrue(line != null, "child mount did not start");
        // Keep draining so the child never blocks on a full pipe.
        Thread drain = new Thread(() -> {
            try {
                while (r.readLine() != null) {
                    // discard
                }
            } catch (Exception ignored) {
                // The child was killed.
            }
        });
        drain.setDaemon(true);
        drain.start();
        return p;
    }

    private static void kill(Process child, Path mountpoint) throws Exception {
        child.destroyForcibly();
        child.waitFor();
        if (!Mounts.await(mountpoint, false, 5_000)) {
            Mounts.unmount(mountpoint);
        }
    }

    private static long writtenBytes(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0; // not created yet
        }
    }

    @Test
    void killDuringLargeWriteLosesOnlyThatWrite() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path mnt = home.resolve("mnt");
        Path src = tmp.resolve("big.bin");
        TreeFiles.random(src, 256L << 20, 5);
        Process child = startMount(home);
        Files.writeString(mnt.resolve("data/keep.txt"), "kept\n");
        Files.createDirectories(mnt.resolve("data/dir"));
        Process cp = new ProcessBuilder("cp", src.toString(), mnt.resolve("data/dir/big.bin").toString())
                .redirectErrorStream(true).start();
        // Written front to back, the file streams to its import without filling the spool: its size
        // as the mount reports it shows how far cp got.
        Path target = mnt.resolve("data/dir/big.bin");
        long deadline = System.currentTimeMillis() + 60_000;
        while (writtenBytes(target) < (8L << 20) && System.currentTimeMillis() < deadline && cp.isAlive()) {
            Thread.sleep(5);
        }
        assertTrue(cp.isAlive(), "cp finished before it could be interrupted; raise the file size");
        kill(child, mnt);
        cp.waitFor();
        try (WriteFixture fx = new WriteFixture(home)) {
            assertEquals(0, fx.ns.spoolDirectory().count(), "leftover spool cleaned at startup");
            fx.mount();
            assertEquals("kept\n", Files.readString(fx.data("keep.txt")));
            assertFalse(Files.exists(fx.data("dir/big.bin")), "no half entry for the interrupted file");
            assertEquals(List.of("dir", "keep.txt"), fx.ns.list(""));
        }
    }

    @Test
    void killDuringRenamesLeavesExactlyOneName() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path mnt = home.resolve("mnt");
        Process child = startMount(home);
        Files.createDirectories(mnt.resolve("data/a"));
        for (int i = 0; i < 20; i++) {
            Files.writeString(mnt.resolve("data/a/f" + i), "file " + i);
        }
        Map<String, String> want = TreeFiles.digests(mnt.resolve("data/a"));
        // A shell loop renames back and forth as fast as it can; the kill lands somewhere inside it.
        Process loop = new ProcessBuilder("sh", "-c", "cd " + mnt.resolve("data")
                + " && while true; do mv a b && mv b a; done").redirectErrorStream(true).start();
        Thread.sleep(1500);
        kill(child, mnt);
        loop.destroyForcibly();
        loop.waitFor();
        try (WriteFixture fx = new WriteFixture(home).mount()) {
            List<String> top = fx.ns.list("");
            assertEquals(1, top.size(), "exactly one of a/b exists: " + top);
            assertEquals(want, TreeFiles.digests(fx.data(top.get(0))));
            assertTrue(fx.ns.catalog().generation() > 0);
        }
    }
}
