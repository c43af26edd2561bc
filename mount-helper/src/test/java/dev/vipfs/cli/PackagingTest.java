package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.fs.mount.Mounts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd unit passes systemd-analyze, and mount(8) mounts through mount.fuse.vipfs. */
class PackagingTest {
    static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path tmp;

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", cmd));
        return p.exitValue() + ":" + out;
    }

    @Test
    void systemdUnitsVerify() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze not installed");
        // Every unit goes into one directory: vipfs@ requires the broker's socket.
        try (java.util.stream.Stream<Path> units = Files.list(REPO.resolve("packaging/systemd"))) {
            for (Path u : (Iterable<Path>) units::iterator) {
                Files.writeString(tmp.resolve(u.getFileName().toString()),
                        Files.readString(u).replace("/opt/vipfs", REPO.toString()));
            }
        }
        assertTrue(Files.isExecutable(REPO.resolve("bin/vipfs")));
        assertTrue(Files.isExecutable(REPO.resolve("packaging/libexec/vipfs-reload")));
        assertTrue(Files.isExecutable(REPO.resolve("packaging/libexec/fusermount-relay")));
        assertTrue(Files.isExecutable(REPO.resolve("packaging/libexec/vipfs-fusermount-broker")));
        for (String template : new String[] {"vipfs@", "vipfs-hostns@"}) {
            Path instance = tmp.resolve(template + "srv-vipfs.service");
            Files.copy(tmp.resolve(template + ".service"), instance);
            String out = run("systemd-analyze", "verify", instance.toString());
            assertEquals("0:", out.replaceAll("(?m)^.*(Unknown key name|is not executable).*\\n?", ""), out);
        }
    }

    @Test
    void mountTypeFuseVipfsMountsAndServes() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root");
        TestHome home = new TestHome(tmp.resolve("home"));
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("hello.txt"), "via mount -t fuse.vipfs\n");
        String root = home.add(site);
        home.identities("identity \"uid:0\" {\n  policies = [\"owner\"]\n}\n");
        home.openForServiceUsers();
        // The helper starts `vipfs`; point it at this build's classes instead of a packaged jar.
        Path bin = launcher("setpriv --no-new-privs ");
        Path helper = Path.of("/sbin/mount.fuse.vipfs");
        boolean installed = !Files.exists(helper);
        if (installed) {
            Files.createSymbolicLink(helper, REPO.resolve("packaging/sbin/mount.fuse.vipfs"));
        }
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        try {
            ProcessBuilder pb = new ProcessBuilder("mount", "-t", "fuse.vipfs", home.dir.toString(), mnt.toString(),
                    "-o", "user=nobody").redirectErrorStream(true);
            pb.environment().put("VIPFS_BIN", bin.toString());
            pb.environment().put("VIPFS_MOUNT_LOG", tmp.resolve("mount.log").toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            assertTrue(Mounts.isMounted(mnt));
            assertEquals("via mount -t fuse.vipfs\n", Files.readString(mnt.resolve(root).resolve("hello.txt")));
        } finally {
            run("umount", mnt.toString());
            Mounts.await(mnt, false, 5_000);
            if (Mounts.isMounted(mnt)) {
                Mounts.unmount(mnt);
            }
            if (installed) {
                Files.deleteIfExists(helper);
            }
        }
    }

    /**
     * fstab's `ro` makes MOUNT/data read-only (EROFS, no data/ at all), setuid= names the service user
     * with no warning, user= still works with one, and the helper returns only once the mount serves.
     */
    @Test
    void fstabReadOnlyAndSetuidThroughTheHelper() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root");
        TestHome home = new TestHome(tmp.resolve("home"));
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("hello.txt"), "read-only via fstab\n");
        String root = home.add(site);
        home.identities("identity \"uid:0\" {\n  policies = [\"owner\"]\n}\n");
        home.openForServiceUsers();
        Path bin = launcher("");
        for (String user : new String[] {"setuid=nobody", "user=nobody"}) {
            Path mnt = Files.createDirectories(tmp.resolve("mnt-" + user.replace('=', '-')));
            try {
                ProcessBuilder pb = new ProcessBuilder(REPO.resolve("packaging/sbin/mount.fuse.vipfs").toString(),
                        home.dir.toString(), mnt.toString(), "-o", user + ",ro,noatime,nofail").redirectErrorStream(true);
                pb.environment().put("VIPFS_BIN", bin.toString());
                pb.environment().put("VIPFS_MOUNT_LOG", tmp.resolve("mount.log").toString());
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, p.waitFor(), out);
                assertEquals(user.startsWith("user="), out.contains("user=nobody is deprecated"), out);
                assertTrue(Mounts.isMounted(mnt), "mounted when the helper returns: " + out);
                assertEquals("read-only via fstab\n", Files.readString(mnt.resolve(root).resolve("hello.txt")));
                String line = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                        .filter(l -> l.contains(" " + mnt + " ")).findFirst().orElseThrow();
                assertTrue(line.contains(" ro,") && line.contains("noatime"), line);
                assertTrue(!Files.exists(mnt.resolve("data")), "no MOUNT/data on a read-only mount");
                String write = run("sh", "-c", "echo x > " + mnt.resolve("data/new.txt") + " ; touch " + mnt.resolve("new.txt"));
                assertTrue(write.contains("Read-only file system"), write);
            } finally {
                run("umount", mnt.toString());
                Mounts.await(mnt, false, 5_000);
                if (Mounts.isMounted(mnt)) {
                    Mounts.unmount(mnt);
                }
            }
        }
    }

    /** A `vipfs` for the helper to start: this build's classes, run under {@code wrapper} (may be empty). */
    private Path launcher(String wrapper) throws Exception {
        Path bin = tmp.resolve("vipfs");
        Files.writeString(bin, "#!/bin/sh\nexec " + wrapper + Path.of(System.getProperty("java.home"), "bin", "java")
                + " -Xmx256m -cp '" + System.getProperty("java.class.path") + "' " + Main.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }
}
