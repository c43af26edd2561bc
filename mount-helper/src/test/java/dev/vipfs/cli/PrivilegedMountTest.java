package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.exit.ExitCodes;
import dev.vipfs.fs.mount.KernelReadAhead;
import dev.vipfs.fs.mount.Mounts;
import dev.vipfs.ipfs.block.EmbeddedBlockstore;
import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import dev.vipfs.privilege.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root-started mount drops to a service user for every thread, keeps serving, and dies cleanly. */
class PrivilegedMountTest {
    @TempDir
    static Path tmp;
    static TestHome home;
    static String root;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root");
        home = new TestHome(tmp.resolve("home"));
        Path tree = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(tree.resolve("index.html"), "<h1>vipfs</h1>\n");
        Files.writeString(tree.resolve("later.txt"), "read long after the drop\n");
        root = home.add(tree);
        home.policy("reader", "path \"*\" {\n  capabilities = [\"read\", \"list\"]\n}\n");
        home.identities("identity \"uid:0\" {\n  policies = [\"owner\"]\n}\n"
                + "identity \"uid:65534\" {\n  policies = [\"reader\"]\n}\n");
        home.openForServiceUsers();
    }

    @Test
    void dropsEveryThreadAndStillServes() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt-drop"));
        try (Daemon d = Daemon.start(home.dir, mnt, "--user", "nobody")) {
            // Reads trigger worker threads; check them after a few requests.
            String body = readAs(65534, mnt.resolve(root).resolve("index.html"));
            assertEquals("<h1>vipfs</h1>\n", body);
            assertAllDropped(d.process.pid());
            // The keyring re-reads keys/ every few seconds, now as the service user (group read).
            Thread.sleep(3_000);
            assertEquals("read long after the drop\n", readAs(65534, mnt.resolve(root).resolve("later.txt")));
        }
        assertFalse(Mounts.isMounted(mnt));
    }

    /**
     * Workers the session starts after the drop, while all are busy (SessionLoop), are dropped as
     * well: they are started by dropped workers. Each of five directories held locally links to a
     * block only a gateway that never finishes has; looking those up, 150 ms apart, keeps both
     * first workers waiting out fetches past the growth rule's 1 ms, so another one starts. (In
     * different directories: the kernel does not let lookups in one directory overlap.)
     */
    @Test
    void workersStartedAfterTheDropAreDroppedToo() throws Exception {
        try (TricklingServer gateway = new TricklingServer(500)) {
            TestHome gwHome = new TestHome(tmp.resolve("home-gateway"));
            gwHome.policy("reader", "path \"*\" {\n  capabilities = [\"read\", \"list\"]\n}\n");
            gwHome.identities("identity \"uid:65534\" {\n  policies = [\"reader\"]\n}\n");
            List<Path> absent = new ArrayList<>();
            try (EmbeddedBlockstore held = new EmbeddedBlockstore(gwHome.dir.resolve("blocks"))) {
                UnixfsImporter dirs = new UnixfsImporter(held, ImportOptions.kuboDefault());
                UnixfsImporter elsewhere = dirs.onto(new MemoryBlockstore());
                for (int i = 0; i < 5; i++) {
                    ImportedNode only = elsewhere.addLeaf(("only a gateway has this " + i).getBytes(StandardCharsets.UTF_8));
                    ImportedNode dir = dirs.addDirectory(new TreeMap<>(Map.of("f", only)));
                    absent.add(Path.of(dir.cid().toString(), "f"));
                }
                dirs.sync();
            }
            gwHome.configure(c -> {
                c.put("store", "gateway");
                c.putArray("gateways").add(gateway.url());
                c.put("fetch_timeout_seconds", 2);
            });
            gwHome.openForServiceUsers();
            Path mnt = Files.createDirectories(tmp.resolve("mnt-grow"));
            try (Daemon d = Daemon.start(gwHome.dir, mnt, "--user", "nobody")) {
                List<Process> lookups = new ArrayList<>();
                for (Path name : absent) {
                    lookups.add(new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                            "stat", mnt.resolve(name).toString()).redirectErrorStream(true).start());
                    Thread.sleep(150);
                }
                for (Process p : lookups) {
                    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "a lookup did not end");
                }
                long pid = d.process.pid();
                long workers;
                try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                    workers = tasks.filter(t -> comm(t).startsWith("vipfs-fuse-")).count();
                }
                assertTrue(workers > 2, "no worker started after the drop: " + workers + " workers; " + d.output());
                assertAllDropped(pid);
            }
        }
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm"));
        } catch (java.io.IOException ended) {
            return "";
        }
    }

    /** Every thread of {@code pid}: no root id, no groups, no capabilities, no_new_privs. */
    private static void assertAllDropped(long pid) throws Exception {
        List<TaskStatus> tasks = TaskStatus.allTasks(Path.of("/proc", Long.toString(pid), "task"));
        assertTrue(tasks.size() > 3, "expected several threads");
        for (TaskStatus st : tasks) {
            for (long u : st.uids()) {
                assertNotEquals(0, u, "uid of task " + st.task());
            }
            for (long g : st.gids()) {
                assertNotEquals(0, g, "gid of task " + st.task());
            }
            assertEquals("", st.groups(), "groups of task " + st.task());
            assertEquals(0, st.capEff(), "CapEff of task " + st.task());
            assertEquals(0, st.capPrm(), "CapPrm of task " + st.task());
            assertEquals(1, st.noNewPrivs(), "NoNewPrivs of task " + st.task());
        }
    }

    /** Root widens the kernel's read-ahead for its mount in init, before the drop (config kernel_read_ahead_kib). */
    @Test
    void widensTheKernelReadAheadBeforeTheDrop() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt-read-ahead"));
        try (Daemon d = Daemon.start(home.dir, mnt, "--user", "nobody")) {
            assertEquals("<h1>vipfs</h1>\n", readAs(65534, mnt.resolve(root).resolve("index.html")));
            assertEquals(1024, KernelReadAhead.get(mnt), "read_ahead_kb of the mount's device");
        }
    }

    /**
     * The warm-up reads the catalogue's content before the mount answers: only after the drop, as
     * the service user, through a throwaway gate whose audit lines never reach the home's trail and
     * whose temporary home is gone afterwards.
     */
    @Test
    void warmsUpAsTheServiceUserWithoutTouchingTheAuditTrail() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt-warm"));
        List<Path> homesBefore = warmupHomes();
        Path auditLog = home.dir.resolve("audit.log");
        List<String> before = Files.exists(auditLog) ? Files.readAllLines(auditLog) : List.of();
        try (Daemon d = Daemon.start(home.dir, mnt, "--user", "nobody")) {
            Files.readAttributes(mnt, "unix:uid"); // answered only once init, and so the warm-up, has returned
            String out = d.output();
            assertTrue(out.contains("vipfs: warmed up as uid 65534 in "), out);
            List<String> lines = Files.readAllLines(auditLog);
            assertEquals(List.of(), lines.subList(before.size(), lines.size()),
                    "the warm-up's requests reached the mount's audit trail");
            List<Path> left = warmupHomes();
            left.removeAll(homesBefore);
            assertEquals(List.of(), left, "the warm-up left its temporary home");
            assertEquals("<h1>vipfs</h1>\n", readAs(65534, mnt.resolve(root).resolve("index.html")));
            // The warm-up's own policy let the daemon's uid read everything; it must lend nothing
            // to a caller the mount's policies do not name.
            Process p = new ProcessBuilder("setpriv", "--reuid=61013", "--regid=61013", "--clear-groups",
                    "cat", mnt.resolve(root).resolve("index.html").toString()).redirectErrorStream(true).start();
            String refused = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertNotEquals(0, p.waitFor(), refused);
            assertTrue(refused.contains("Permission denied"), refused);
            assertTrue(Files.readAllLines(auditLog).stream().anyMatch(l -> l.contains("\"decision\":\"deny\"")
                    && l.contains("\"uid\":61013")), "the mount's own policy refused it, and audited that");
        }
    }

    @Test
    void killNineLeavesNoStaleMount() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt-kill"));
        try (Daemon d = Daemon.start(home.dir, mnt, "--user", "nobody")) {
            assertEquals("<h1>vipfs</h1>\n", readAs(65534, mnt.resolve(root).resolve("index.html")));
            new ProcessBuilder("kill", "-9", Long.toString(d.process.pid())).start().waitFor();
            assertTrue(Mounts.await(mnt, false, 5_000), "mount still present after kill -9");
            try (Stream<Path> s = Files.list(mnt)) {
                assertEquals(0, s.count(), "mountpoint should be an empty directory again");
            }
        }
    }

    @Test
    void sighupReloadsPoliciesWithoutRemounting() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt-hup"));
        Path file = mnt.resolve(root).resolve("index.html");
        try (Daemon d = Daemon.start(home.dir, mnt, "--user", "nobody")) {
            home.identities("identity \"uid:0\" {\n  policies = [\"owner\"]\n}\n");
            new ProcessBuilder("kill", "-HUP", Long.toString(d.process.pid())).start().waitFor();
            // The reload runs on the signal's own thread: wait for it rather than for a fixed time.
            Cat denied = catUntil(65534, file, c -> c.exit() != 0);
            assertNotEquals(0, denied.exit(), "uid 65534 lost its binding: " + denied.out());
            assertTrue(denied.out().contains("Permission denied"), denied.out());
            home.identities("identity \"uid:0\" {\n  policies = [\"owner\"]\n}\n"
                    + "identity \"uid:65534\" {\n  policies = [\"reader\"]\n}\n");
            new ProcessBuilder("kill", "-HUP", Long.toString(d.process.pid())).start().waitFor();
            Cat allowed = catUntil(65534, file, c -> c.exit() == 0);
            assertEquals(0, allowed.exit(), allowed.out());
            assertEquals("<h1>vipfs</h1>\n", allowed.out());
            assertTrue(d.process.isAlive(), "SIGHUP must not stop the daemon");
        }
    }

    @Test
    void droppedDaemonWritesIntoDataWithTheStateItWasHanded() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt-write"));
        String body = "written through a daemon running as nobody\n";
        String cid;
        try (Daemon d = Daemon.start(home.dir, mnt, "--user", "nobody")) {
            Path f = mnt.resolve("data").resolve("from-root.txt");
            Files.writeString(f, body); // as root, which the home's owner policy lets create
            assertEquals(body, Files.readString(f));
            cid = Xattrs.cid(f);
            assertEquals(body, Files.readString(mnt.resolve(cid)));
        }
        // Blocks, spool and catalogue were written by uid 65534 and stay usable by root's CLI.
        CliRunner.Result cat = CliRunner.run("--home", home.dir.toString(), "cat", cid);
        assertEquals(0, cat.code(), cat.err());
        assertEquals(body, cat.out());
        CliRunner.Result ls = CliRunner.run("--home", home.dir.toString(), "catalog", "ls", "data");
        assertEquals(0, ls.code(), ls.err());
        assertTrue(ls.out().contains(cid), ls.out());
    }

    @Test
    void refusesToServeAsRootWithoutStayRoot() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt-root"));
        CliRunner.Result r = CliRunner.run("--home", home.dir.toString(), "mount", mnt.toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("--user"), r.err());
        assertFalse(Mounts.isMounted(mnt));
    }

    private record Cat(int exit, String out) { }

    /** cat as uid until done says so or 10 s pass; returns the last attempt. */
    private static Cat catUntil(int uid, Path file, java.util.function.Predicate<Cat> done) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            Process p = new ProcessBuilder("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                    "cat", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Cat c = new Cat(p.waitFor(), out);
            if (done.test(c) || System.nanoTime() > deadline) {
                return c;
            }
            Thread.sleep(100);
        }
    }

    private static List<Path> warmupHomes() throws Exception {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return new java.util.ArrayList<>(all.filter(p -> p.getFileName().toString().startsWith("vipfs-warmup")).toList());
        }
    }

    static String readAs(int uid, Path file) throws Exception {
        Process p = new ProcessBuilder("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "cat", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
