package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #18 end to end with the real command: chmod and touch in MOUNT/data, `vipfs car export`
 * of the data root, `vipfs car import` into a fresh home holding the same private key, and stat
 * there shows the modes and times (docs/format.md, "Attributes objects").
 */
class AttributesCarExportTest {
    @TempDir
    Path tmp;

    private static String mode(Path p) throws Exception {
        return Integer.toOctalString((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
    }

    @Test
    void modesAndTimesSurviveCarExportAndImport() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to mount");
        TestHome a = new TestHome(tmp.resolve("a"));
        Path mntA = Files.createDirectories(tmp.resolve("mnt-a"));
        String cid;
        try (Daemon d = Daemon.start(a.dir, mntA, "--stay-root")) {
            Path t = Files.createDirectories(mntA.resolve("data/t/sub"));
            Files.writeString(mntA.resolve("data/t/secret.txt"), "only me\n");
            Files.setPosixFilePermissions(mntA.resolve("data/t/secret.txt"), PosixFilePermissions.fromString("rw-------"));
            Files.setLastModifiedTime(mntA.resolve("data/t/secret.txt"), FileTime.from(Instant.parse("2020-01-02T03:04:05Z")));
            Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-x---"));
            Files.setLastModifiedTime(t, FileTime.from(Instant.parse("2016-02-03T04:05:06Z")));
            UserDefinedFileAttributeView xattrs = Files.getFileAttributeView(mntA.resolve("data/t"), UserDefinedFileAttributeView.class);
            ByteBuffer buf = ByteBuffer.allocate(256);
            xattrs.read("vipfs.cid", buf);
            cid = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
        }
        Path car = tmp.resolve("t.car");
        CliRunner.ok("--home", a.dir.toString(), "car", "export", "-o", car.toString(), cid);
        Path key = tmp.resolve("default.key");
        CliRunner.ok("--home", a.dir.toString(), "key", "export-private", "default", "-o", key.toString());
        Path b = tmp.resolve("b");
        CliRunner.ok("--home", b.toString(), "init", "--import-key", key.toString());
        CliRunner.ok("--home", b.toString(), "car", "import", car.toString());
        Path mntB = Files.createDirectories(tmp.resolve("mnt-b"));
        try (Daemon d = Daemon.start(b, mntB, "--stay-root")) {
            Path root = mntB.resolve(cid);
            assertEquals("600", mode(root.resolve("secret.txt")), d.output());
            assertEquals(Instant.parse("2020-01-02T03:04:05Z"), Files.getLastModifiedTime(root.resolve("secret.txt")).toInstant());
            assertEquals("750", mode(root.resolve("sub")));
            assertEquals(Instant.parse("2016-02-03T04:05:06Z"), Files.getLastModifiedTime(root.resolve("sub")).toInstant());
            assertEquals("only me\n", Files.readString(root.resolve("secret.txt")));
            assertFalse(Files.exists(root.resolve(".vipfs-attrs")), "the attributes object is not served by name");
        }
    }
}
