package dev.vipfs.fs.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #18's acceptance: rsync -a, cp -a and tar -x of a tree with modes, mtimes, symlinks and
 * nested directories land whole in MOUNT/data, survive a remount, and a second rsync finds nothing to do.
 */
class TreeCopyMountTest {
    @TempDir
    Path tmp;

    private static String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
        return out;
    }

    private static boolean installed(String tool) throws Exception {
        return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
    }

    /** A source tree: modes a default umask would not give, old mtimes, links in and out, three levels. */
    private Path source() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path deep = Files.createDirectories(src.resolve("docs/2020/q1"));
        write(src.resolve("secret.txt"), "only me\n", "rw-------", "2020-01-02T03:04:05Z");
        write(src.resolve("run.sh"), "#!/bin/sh\necho hi\n", "rwxr-x---", "2019-06-07T08:09:10Z");
        write(deep.resolve("report.csv"), "a,b\n1,2\n", "rw-r-----", "2021-03-04T05:06:07Z");
        write(src.resolve("docs/empty"), "", "r--r--r--", "2018-01-01T00:00:00Z");
        Files.createSymbolicLink(src.resolve("latest"), Path.of("docs/2020/q1/report.csv"));
        Files.createSymbolicLink(deep.resolve("up"), Path.of("../../../secret.txt"));
        Files.createSymbolicLink(src.resolve("passwd"), Path.of("/etc/passwd"));
        run(src, "touch", "-h", "-d", "2017-05-05T05:05:05Z", "latest");
        Files.setPosixFilePermissions(src.resolve("docs/2020"), PosixFilePermissions.fromString("rwxr-x---"));
        for (Path d : List.of(deep, src.resolve("docs/2020"), src.resolve("docs"), src)) {
            Files.setLastModifiedTime(d, FileTime.from(Instant.parse("2016-02-03T04:05:06Z")));
        }
        return src;
    }

    private static void write(Path f, String content, String mode, String mtime) throws Exception {
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse(mtime)));
    }

    /** Type, permission bits, mtime in seconds, size and link target of every entry, by relative path. */
    private static List<String> describe(Path root) throws Exception {
        List<String> out = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted().toList()) {
                String rel = root.relativize(p).toString();
                boolean link = Files.isSymbolicLink(p);
                Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                FileTime mtime = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
                String what = link ? "link -> " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : "file " + Files.size(p) + " bytes";
                // A link's own mode is 0777 everywhere; its mtime is its own (lutimes), kept by all three.
                out.add("/" + rel + " " + what + " mode " + Integer.toOctalString((Integer) mode & 07777)
                        + " mtime " + mtime.toInstant().getEpochSecond());
            }
        }
        return out;
    }

    @Test
    void rsyncCpAndTarKeepModesTimesAndLinksAcrossARemount() throws Exception {
        Assumptions.assumeTrue(installed("rsync") && installed("tar"), "needs rsync and tar");
        Path src = source();
        Path home = Files.createDirectories(tmp.resolve("home"));
        try (WriteFixture fx = new WriteFixture(home).mount()) {
            run(tmp, "rsync", "-a", src + "/", fx.data("rs") + "/");
            run(tmp, "cp", "-a", src.toString(), fx.data("cp").toString());
            Files.createDirectories(fx.data("tar"));
            run(tmp, "sh", "-c", "tar -C \"$0\" -cf - . | tar -x -C \"$1\"", src.toString(), fx.data("tar").toString());
            assertEquals("", run(tmp, "rsync", "-a", "--itemize-changes", src + "/", fx.data("rs") + "/"),
                    "a second rsync finds nothing to change");
            fx.awaitIdle();
        }
        List<String> expected = describe(src);
        try (WriteFixture fx = new WriteFixture(home).mount()) {
            assertEquals(expected, describe(fx.data("rs")), "rsync -a, after a remount");
            assertEquals(expected, describe(fx.data("cp")), "cp -a, after a remount");
            assertEquals(expected, describe(fx.data("tar")), "tar -x, after a remount");
            assertEquals("docs/2020/q1/report.csv", Files.readSymbolicLink(fx.data("rs/latest")).toString());
            assertEquals("/etc/passwd", Files.readSymbolicLink(fx.data("cp/passwd")).toString(),
                    "a target out of the mount is presented as it was written");
            assertEquals("a,b\n1,2\n", Files.readString(fx.data("rs/latest")), "the kernel follows a link within the mount");
            assertEquals("only me\n", Files.readString(fx.data("tar/docs/2020/q1/up")));
            assertEquals("", run(tmp, "rsync", "-a", "--itemize-changes", src + "/", fx.data("rs") + "/"),
                    "and again after the remount");
            assertTrue(fx.ns.cid("").toString().startsWith("Qm"), "symlinks are part of the namespace's root CID");
        }
    }
}
