package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.control.ControlJson;
import dev.vipfs.fs.mount.Mounts;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator drives: -o, --daemon, vipfs status/reload over the control socket, --metrics. */
@org.junit.jupiter.api.Timeout(600)
class OperatingMountTest {
    @TempDir
    static Path tmp;
    static TestHome home;
    static String root;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root (--stay-root, --user, setpriv)");
        home = new TestHome(tmp.resolve("home"));
        Path tree = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(tree.resolve("index.html"), "<h1>operated</h1>\n");
        root = home.add(tree);
    }

    /** `vipfs ARGS` as its own JVM, as the launcher runs it (the way --daemon re-executes itself). */
    static List<String> vipfs(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", ReadableClasspath.get(), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    record Run(int code, String err) { }

    static Run run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
        return new Run(p.exitValue(), err);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void daemonReturnsOnceServingThenStatusReloadAndMetricsAnswer() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt-daemon"));
        int port = freePort();
        Run started = run(vipfs("--home", home.dir.toString(), "mount", "--stay-root", "--daemon", "-o", "noatime,allow_other",
                "--uid", "1234", "--gid", "4321", "--umask", "027", "--entry-timeout", "1", "--attr-timeout", "0",
                "--metrics", "127.0.0.1:" + port, mnt.toString()));
        try {
            assertEquals(0, started.code(), started.err());
            // Ready means serving: no polling, the first read works.
            assertTrue(Mounts.isMounted(mnt), started.err());
            assertEquals("<h1>operated</h1>\n", Files.readString(mnt.resolve(root).resolve("index.html")));
            assertTrue(started.err().contains("a kernel cache timeout of 1 s with other users allowed"), started.err());
            Path index = mnt.resolve(root).resolve("index.html");
            assertEquals(1234, Files.getAttribute(index, "unix:uid"));
            assertEquals(4321, Files.getAttribute(index, "unix:gid"));
            assertEquals(0750, (Integer) Files.getAttribute(index, "unix:mode") & 07777);
            Mounts.Entry entry = Mounts.entry(mnt);
            assertEquals(home.dir.toString(), entry.source());
            String mountLine = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                    .filter(l -> l.contains(" " + mnt + " ")).findFirst().orElseThrow();
            assertTrue(mountLine.contains("noatime"), mountLine);
            assertEquals(1, mountLine.split("allow_other", -1).length - 1, "allow_other once: " + mountLine);

            Path socket = home.dir.resolve("vipfs.sock");
            assertEquals(0600, (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777);
            CliRunner.Result status = CliRunner.run("status", "--json", mnt.toString());
            assertEquals(0, status.code(), status.err());
            Map<String, Object> s = ControlJson.read(status.out().strip());
            assertEquals(mnt.toString(), s.get("mountpoint"));
            assertEquals("embedded", s.get("store"));
            assertTrue(((Number) ((Map<?, ?>) s.get("bytes")).get("read")).longValue() >= 18, s.toString());
            assertTrue(((Number) ((Map<?, ?>) s.get("decisions")).get("allowed")).longValue() > 0, s.toString());
            CliRunner.Result text = CliRunner.run("--home", home.dir.toString(), "status");
            assertTrue(text.out().startsWith("mount point:  " + mnt), text.out());
            assertTrue(text.out().contains("identities:   uid:0 policies=owner"), text.out());

            CliRunner.Result reload = CliRunner.run("reload", mnt.toString());
            assertEquals(0, reload.code(), reload.err());

            // A second mount of the same home has no socket of its own: status by its mount point says so.
            Path second = Files.createDirectories(tmp.resolve("mnt-second"));
            try (Daemon d = Daemon.start(home.dir, second, "--stay-root", "--read-only")) { // one writer per home
                CliRunner.Result other = CliRunner.run("status", second.toString());
                assertEquals(ExitCodes.FAILED, other.code(), other.err());
                assertTrue(other.err().contains("belongs to the mount on " + mnt), other.err());
                assertTrue(d.output().contains("no control socket"), d.output());
            }

            HttpResponse<String> scrape = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scrape.statusCode());
            String m = scrape.body();
            assertTrue(m.contains("vipfs_bytes_total{kind=\"read\"}"), m);
            assertTrue(m.contains("vipfs_decisions_total{decision=\"allow\"}"), m);
            assertTrue(m.contains("vipfs_fuse_operation_seconds_bucket{operation=\"read\""), m);
            assertTrue(m.contains("vipfs_block_fetch_seconds_count"), m);
        } finally {
            stop(mnt);
        }
        assertFalse(Files.exists(home.dir.resolve("vipfs.sock")), "an unmounted daemon removes its socket");
    }

    @Test
    void daemonThatCannotMountExitsNonZeroWithTheReason() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt-busy"));
        Files.writeString(mnt.resolve("occupied"), "x");
        Run r = run(vipfs("--home", home.dir.toString(), "mount", "--stay-root", "--daemon", mnt.toString()));
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("is not empty"), r.err());
        assertFalse(Mounts.isMounted(mnt));
    }

    @Test
    void refusedOptionsAreBadInputBeforeAnythingMounts() {
        Path mnt = tmp.resolve("never");
        String h = home.dir.toString();
        CliRunner.Result fsname = CliRunner.run("--home", h, "mount", "--stay-root", "-o", "fsname=other", mnt.toString());
        assertEquals(ExitCodes.USAGE, fsname.code());
        assertTrue(fsname.err().contains("-o fsname is not accepted"), fsname.err());
        CliRunner.Result rw = CliRunner.run("--home", h, "mount", "--stay-root", "--read-only", "-o", "rw", mnt.toString());
        assertEquals(ExitCodes.USAGE, rw.code(), rw.err());
        CliRunner.Result both = CliRunner.run("--home", h, "mount", "--stay-root", "--entry-timeout", "5", "-o", "entry_timeout=6",
                mnt.toString());
        assertEquals(ExitCodes.USAGE, both.code(), both.err());
        CliRunner.Result remote = CliRunner.run("--home", h, "mount", "--stay-root", "--metrics", "0.0.0.0:8888", mnt.toString());
        assertEquals(ExitCodes.USAGE, remote.code());
        assertTrue(remote.err().contains("--metrics-allow-remote"), remote.err());
    }

    /** Unmounts a --daemon mount and waits for its process (named in its status) to end. */
    static void stop(Path mnt) throws Exception {
        long pid = -1;
        CliRunner.Result s = CliRunner.run("status", "--json", mnt.toString());
        if (s.code() == 0) {
            pid = ((Number) ControlJson.read(s.out().strip()).get("pid")).longValue();
        }
        if (Mounts.isMounted(mnt)) {
            Mounts.unmount(mnt);
        }
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(p -> {
                try {
                    p.onExit().get(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            });
        }
    }
}
