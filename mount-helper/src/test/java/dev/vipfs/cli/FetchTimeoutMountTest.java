package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.ipfs.testkit.KuboDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #19: {@code fetch_timeout_seconds} bounds how long a read through the mount waits, retries
 * and slow bodies included, and the reader sees ETIMEDOUT ("Connection timed out") with the reason
 * in the daemon log. A real Kubo frozen with SIGSTOP, and a gateway that trickles a byte just inside
 * the read timeout.
 */
class FetchTimeoutMountTest {
    private static final int TIMEOUT_SECONDS = 3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void root() {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root (FUSE mounts)");
    }

    private static void configure(Path home, Consumer<ObjectNode> change) throws Exception {
        TestHome.configure(home, config -> {
            config.put("fetch_timeout_seconds", TIMEOUT_SECONDS);
            change.accept(config);
        });
    }

    private static void onGateway(TestHome home, TricklingServer gateway) throws Exception {
        configure(home.dir, c -> {
            c.put("store", "gateway");
            c.putArray("gateways").add(gateway.url());
        });
    }

    /** Runs {@code cat FILE} in a child process: exit code, stderr, and how long it took. */
    private static Object[] timedCat(Path file) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder("cat", file.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Object[] {done ? p.exitValue() : -1, err, seconds};
    }

    @Test
    void aFrozenKuboFailsTheReadWithinTheTimeoutNotOncePerAttempt() throws Exception {
        try (KuboDaemon kubo = KuboDaemon.start()) {
            TestHome home = new TestHome(tmp.resolve("home"));
            configure(home.dir, c -> {
                c.put("store", "kubo");
                c.put("kubo_api", kubo.apiAddress());
                c.put("kubo_gateway", "off");
            });
            Path src = Files.createDirectories(tmp.resolve("src"));
            Files.write(src.resolve("big.bin"), new byte[3 << 20]);
            String root = home.add(src);
            Path mnt = Files.createDirectories(tmp.resolve("mnt"));
            try (Daemon d = Daemon.start(home.dir, mnt, "--stay-root")) {
                Path file = mnt.resolve(root).resolve("big.bin");
                // Resolve the path while Kubo answers; the body blocks come later.
                assertEquals(3 << 20, Files.size(file));
                kubo.freeze();
                Object[] r;
                try {
                    r = timedCat(file);
                } finally {
                    kubo.thaw();
                }
                double seconds = (double) r[2];
                assertTrue((int) r[0] != 0, "the read succeeded from a frozen Kubo");
                assertTrue(((String) r[1]).contains("Connection timed out"), "not ETIMEDOUT: " + r[1]);
                // Each FUSE read may wait once for the timeout; the old code waited once per attempt.
                assertTrue(seconds < TIMEOUT_SECONDS * 2 + 2, "cat took " + seconds + " s with a " + TIMEOUT_SECONDS + " s fetch timeout");
                assertTrue(d.output().contains("fetch timeout of " + TIMEOUT_SECONDS + " s"), d.output());
            }
        }
    }

    @Test
    void aTricklingGatewayFailsTheReadAtTheDeadline() throws Exception {
        // One byte every 2 s: inside the 3 s inactivity limit, forever.
        try (TricklingServer gateway = new TricklingServer(2_000)) {
            TestHome home = new TestHome(tmp.resolve("home"));
            onGateway(home, gateway);
            Path mnt = Files.createDirectories(tmp.resolve("mnt"));
            try (Daemon d = Daemon.start(home.dir, mnt, "--stay-root")) {
                // Any CID the embedded cache lacks goes to the gateway.
                Path file = mnt.resolve("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
                Object[] r = timedCat(file);
                double seconds = (double) r[2];
                assertTrue((int) r[0] != 0, "read something from a trickling gateway");
                assertTrue(((String) r[1]).contains("Connection timed out"), "not ETIMEDOUT: " + r[1]);
                assertTrue(seconds < TIMEOUT_SECONDS * 2 + 2, "cat took " + seconds + " s with a " + TIMEOUT_SECONDS + " s fetch timeout");
                assertTrue(d.output().contains("fetch timeout of " + TIMEOUT_SECONDS + " s"), d.output());
            }
        }
    }

    /**
     * A lookup waiting out its fetch holds up no other lookup in the same directory: here a CID the
     * store holds, looked up at the mount's root beside one that only the trickling gateway could
     * deliver (the kernel let one lookup per directory in at a time until the mount asked for
     * parallel directory operations).
     */
    @Test
    void aStalledLookupDoesNotHoldUpTheRestOfTheRoot() throws Exception {
        try (TricklingServer gateway = new TricklingServer(2_000)) {
            TestHome home = new TestHome(tmp.resolve("home"));
            Path tree = Files.createDirectories(tmp.resolve("held"));
            Files.writeString(tree.resolve("a.txt"), "held locally\n");
            String held = home.add(tree);
            onGateway(home, gateway);
            Path mnt = Files.createDirectories(tmp.resolve("mnt"));
            try (Daemon d = Daemon.start(home.dir, mnt, "--stay-root")) {
                Path stalled = mnt.resolve("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
                Process slow = new ProcessBuilder("stat", stalled.toString()).redirectErrorStream(true).start();
                Thread.sleep(300);
                long start = System.nanoTime();
                assertEquals("held locally\n", Files.readString(mnt.resolve(held).resolve("a.txt")));
                double seconds = (System.nanoTime() - start) / 1e9;
                assertTrue(slow.isAlive(), "the stalled lookup ended early: " + new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                assertTrue(seconds < TIMEOUT_SECONDS - 1, "the held CID took " + seconds + " s beside a stalled lookup");
                assertTrue(slow.waitFor(TIMEOUT_SECONDS * 3L, TimeUnit.SECONDS), "the stalled lookup never ended");
                assertTrue(slow.exitValue() != 0, "a lookup nobody could deliver succeeded");
            }
        }
    }
}
