package dev.vipfs.fs.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.fs.testkit.OtherUser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POSIX answers of MOUNT/data through a real kernel mount, the errno values pjdfstest checks
 * (issue #18). Each system call runs in perl so the test sees the errno itself, not a JDK translation.
 */
class PosixMountTest {
    @TempDir
    Path tmp;

    /** Runs one perl expression with @ARGV = args; returns "OK" or the errno's name (e.g. "ENAMETOOLONG"). */
    static String sys(String expr, Object... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("perl", "-e",
                "use Errno; use Fcntl; my $r = eval { " + expr + " }; "
                        + "print $r ? \"OK\" : ((grep { $!{$_} } keys %!)[0] // \"UNKNOWN\"), $@ ? \" $@\" : \"\""));
        for (Object a : args) {
            cmd.add(a.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return out;
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
        return out;
    }

    @Test
    void overLongNamesAreEnametoolong() throws Exception {
        try (WriteFixture fx = new WriteFixture(tmp).mount()) {
            String ok = "x".repeat(255);
            String tooLong = "x".repeat(256);
            Files.createDirectories(fx.data("d"));
            Path longPath = fx.data("d").resolve(tooLong);
            assertEquals("ENAMETOOLONG", sys("sysopen(my $f, $ARGV[0], O_WRONLY|O_CREAT)", longPath));
            assertEquals("ENAMETOOLONG", sys("mkdir($ARGV[0])", longPath));
            assertEquals("ENAMETOOLONG", sys("rmdir($ARGV[0])", longPath));
            assertEquals("ENAMETOOLONG", sys("unlink($ARGV[0])", longPath));
            assertEquals("ENAMETOOLONG", sys("truncate($ARGV[0], 0)", longPath));
            assertEquals("ENAMETOOLONG", sys("scalar(my @s = stat($ARGV[0]))", longPath));
            Path okPath = fx.data("d").resolve(ok);
            assertEquals("OK", sys("sysopen(my $f, $ARGV[0], O_WRONLY|O_CREAT)", okPath));
            assertEquals("ENAMETOOLONG", sys("rename($ARGV[0], $ARGV[1])", okPath, longPath));
            assertEquals("ENAMETOOLONG", sys("rename($ARGV[0], $ARGV[1])", longPath, okPath));
            assertEquals("OK", sys("mkdir($ARGV[0])", fx.data(ok)));
            // Multi-byte names count bytes, not characters: 128 two-byte characters are 256 bytes.
            assertEquals("ENAMETOOLONG", sys("mkdir($ARGV[0])", fx.data("é".repeat(128))));
            assertEquals("OK", sys("mkdir($ARGV[0])", fx.data("é".repeat(127))));
        }
    }

    @Test
    void sizesBeyondTheMaximumAreEfbig() throws Exception {
        try (WriteFixture fx = new WriteFixture(tmp).mount()) {
            Path f = fx.data("f");
            Files.writeString(f, "hello");
            fx.awaitIdle();
            long huge = 999_999_999_999_999L;
            assertEquals("EFBIG", sys("truncate($ARGV[0], $ARGV[1])", f, huge));
            assertEquals("EFBIG", sys("sysopen(my $f, $ARGV[0], O_RDWR) or die \"open $!\"; truncate($f, $ARGV[1])", f, huge));
            assertEquals("EFBIG", sys("truncate($ARGV[0], $ARGV[1])", f, WritableNamespace.MAX_FILE_SIZE + 1));
            assertEquals("EFBIG", sys("sysopen(my $f, $ARGV[0], O_RDWR) or die \"open $!\"; sysseek($f, $ARGV[1], 0) or die \"seek $!\"; syswrite($f, 'x')",
                    f, WritableNamespace.MAX_FILE_SIZE));
            assertEquals("hello", Files.readString(f), "refused sizes leave the file as it was");
            assertEquals("OK", sys("truncate($ARGV[0], 3)", f));
            fx.awaitIdle();
            assertEquals("hel", Files.readString(f));
        }
    }

    @Test
    void directoryTimesFollowItsEntries() throws Exception {
        try (WriteFixture fx = new WriteFixture(tmp).mount()) {
            Path d = Files.createDirectories(fx.data("d"));
            for (String step : List.of("mkdir", "create", "rename", "unlink", "rmdir", "root")) {
                FileTime m0 = (FileTime) Files.getAttribute(d, "unix:lastModifiedTime");
                FileTime c0 = (FileTime) Files.getAttribute(d, "unix:ctime");
                FileTime r0 = (FileTime) Files.getAttribute(fx.data(""), "unix:lastModifiedTime");
                Thread.sleep(20);
                switch (step) {
                    case "mkdir" -> Files.createDirectory(d.resolve("sub"));
                    case "create" -> Files.writeString(d.resolve("f"), "x");
                    case "rename" -> Files.move(d.resolve("f"), d.resolve("g"));
                    case "unlink" -> Files.delete(d.resolve("g"));
                    case "rmdir" -> Files.delete(d.resolve("sub"));
                    default -> Files.createDirectory(fx.data("top"));
                }
                if (step.equals("root")) {
                    FileTime r1 = (FileTime) Files.getAttribute(fx.data(""), "unix:lastModifiedTime");
                    assertTrue(r1.compareTo(r0) > 0, "root mtime after mkdir: " + r0 + " -> " + r1);
                    continue;
                }
                FileTime m1 = (FileTime) Files.getAttribute(d, "unix:lastModifiedTime");
                FileTime c1 = (FileTime) Files.getAttribute(d, "unix:ctime");
                assertTrue(m1.compareTo(m0) > 0, step + ": mtime " + m0 + " -> " + m1);
                assertTrue(c1.compareTo(c0) > 0, step + ": ctime " + c0 + " -> " + c1);
                fx.awaitIdle();
            }
        }
    }

    @Test
    void directoryLinkCountIsTwoPlusSubdirectories() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        try (WriteFixture fx = new WriteFixture(home).mount()) {
            Path d = Files.createDirectories(fx.data("d"));
            assertEquals(2, Files.getAttribute(d, "unix:nlink"));
            Files.createDirectories(d.resolve("a/deeper"));
            Files.createDirectories(d.resolve("b"));
            Files.writeString(d.resolve("file"), "not a directory");
            fx.awaitIdle();
            assertEquals(4, Files.getAttribute(d, "unix:nlink"));
            assertEquals(3, Files.getAttribute(d.resolve("a"), "unix:nlink"));
            assertEquals(3, Files.getAttribute(fx.data(""), "unix:nlink"));
            Files.delete(d.resolve("b"));
            assertEquals(3, Files.getAttribute(d, "unix:nlink"));
            Files.move(d.resolve("a"), fx.data("a"));
            assertEquals(2, Files.getAttribute(d, "unix:nlink"));
            assertEquals(4, Files.getAttribute(fx.data(""), "unix:nlink"));
            assertEquals(1, Files.getAttribute(d.resolve("file"), "unix:nlink"));
        }
        try (WriteFixture fx = new WriteFixture(home).mount()) {
            assertEquals(4, Files.getAttribute(fx.data(""), "unix:nlink"), "after a remount too");
        }
    }

    @Test
    void chownToTheOwnerShownSucceedsAnythingElseIsEperm() throws Exception {
        try (WriteFixture fx = new WriteFixture(tmp).mount()) {
            Path f = fx.data("f");
            Files.writeString(f, "x");
            Files.createDirectories(fx.data("d"));
            fx.awaitIdle();
            // The tests run as root: the mount shows root as owner to root.
            assertEquals("OK", sys("chown(0, 0, $ARGV[0])", f));
            assertEquals("OK", sys("chown(-1, 0, $ARGV[0])", fx.data("d")));
            assertEquals("OK", sys("chown(0, -1, $ARGV[0])", f));
            assertEquals("OK", sys("chown(-1, -1, $ARGV[0])", f));
            assertEquals("EPERM", sys("chown(1234, 0, $ARGV[0])", f));
            assertEquals("EPERM", sys("chown(0, 1234, $ARGV[0])", fx.data("d")));
            assertEquals("EPERM", sys("chown(-1, 1234, $ARGV[0])", f));
            assertEquals("ENOENT", sys("chown(0, 0, $ARGV[0])", fx.data("missing")));
            assertEquals("EPERM", sys("link($ARGV[0], $ARGV[1])", f, fx.data("hard")));
            assertEquals("ENOENT", sys("scalar(my @s = stat($ARGV[0]))", fx.data("hard")), "no half-made link");

            // cp -a keeps owner, mode and times: every step of it is now accepted.
            Path src = Files.createDirectories(tmp.resolve("src/sub"));
            Files.writeString(src.resolve("a.txt"), "a");
            run("cp", "-a", tmp.resolve("src").toString(), fx.data("").toString());
            fx.awaitIdle();
            assertEquals("a", Files.readString(fx.data("src/sub/a.txt")));
        }
    }

    @Test
    void chownAsAnotherUserToItsOwnIdsSucceeds() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0,
                "needs root to run as another uid");
        try (WriteFixture fx = new WriteFixture(tmp).mount()) {
            Files.writeString(fx.data("f"), "x");
            fx.awaitIdle();
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            String f = fx.data("f").toString();
            OtherUser.Run own = OtherUser.as(4242, "chown 4242:4242 " + f + " && stat -c %u:%g " + f);
            assertEquals(0, own.code(), own.out());
            assertEquals("4242:4242", own.out().trim());
            OtherUser.Run root = OtherUser.as(4242, "LC_ALL=C chown 0:0 " + f);
            assertTrue(root.code() != 0 && root.out().contains("Operation not permitted"), root.out());
        }
    }

    @Test
    void errnoValuesOfTheNamespace() throws Exception {
        try (WriteFixture fx = new WriteFixture(tmp).mount()) {
            Files.createDirectories(fx.data("full/child"));
            Files.createDirectories(fx.data("empty"));
            Files.writeString(fx.data("file"), "x");
            fx.awaitIdle();
            // ENOTEMPTY
            assertEquals("ENOTEMPTY", sys("rmdir($ARGV[0])", fx.data("full")));
            assertEquals("ENOTEMPTY", sys("rename($ARGV[0], $ARGV[1])", fx.data("empty"), fx.data("full")));
            // EISDIR
            assertEquals("EISDIR", sys("sysopen(my $f, $ARGV[0], O_WRONLY)", fx.data("empty")));
            assertEquals("EISDIR", sys("sysopen(my $f, $ARGV[0], O_RDWR)", fx.data("empty")));
            assertEquals("EISDIR", sys("unlink($ARGV[0])", fx.data("empty")));
            assertEquals("EISDIR", sys("rename($ARGV[0], $ARGV[1])", fx.data("file"), fx.data("empty")));
            assertEquals("EISDIR", sys("truncate($ARGV[0], 0)", fx.data("empty")));
            // ENOTDIR
            assertEquals("ENOTDIR", sys("rmdir($ARGV[0])", fx.data("file")));
            assertEquals("ENOTDIR", sys("rename($ARGV[0], $ARGV[1])", fx.data("empty"), fx.data("file")));
            assertEquals("ENOTDIR", sys("mkdir($ARGV[0])", fx.data("file/x")));
            assertEquals("ENOTDIR", sys("sysopen(my $f, $ARGV[0], O_WRONLY|O_CREAT)", fx.data("file/x")));
            assertEquals("ENOTDIR", sys("scalar(my @s = stat($ARGV[0]))", fx.data("file/x")));
            // EINVAL: a directory into itself
            assertEquals("EINVAL", sys("rename($ARGV[0], $ARGV[1])", fx.data("full"), fx.data("full/child/x")));
            // EEXIST
            assertEquals("EEXIST", sys("mkdir($ARGV[0])", fx.data("file")));
            assertEquals("EEXIST", sys("sysopen(my $f, $ARGV[0], O_WRONLY|O_CREAT|O_EXCL)", fx.data("file")));
            // ENOENT
            assertEquals("ENOENT", sys("rmdir($ARGV[0])", fx.data("nothing")));
            assertEquals("ENOENT", sys("mkdir($ARGV[0])", fx.data("nothing/x")));
            // EXDEV: across the boundary of the writable namespace
            Files.writeString(tmp.resolve("outside"), "o");
            assertEquals("EXDEV", sys("rename($ARGV[0], $ARGV[1])", fx.data("file"), fx.mountpoint.resolve("file")));
            assertEquals("EXDEV", sys("rename($ARGV[0], $ARGV[1])", tmp.resolve("outside"), fx.data("moved")));
            // and a rename over an empty directory works
            assertEquals("OK", sys("mkdir($ARGV[0])", fx.data("empty2")));
            assertEquals("OK", sys("rename($ARGV[0], $ARGV[1])", fx.data("empty2"), fx.data("empty")));
        }
    }
}
