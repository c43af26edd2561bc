package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.exit.ExitCodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15.1: root runs `vipfs add` into a store the service user owns while that (compromised)
 * user keeps swapping fresh `.tmp-*` block files for symlinks to a root file, and shard directories
 * for symlinks to a root-only directory. Root must neither hand the file over nor write into it.
 */
class RootAddRaceTest {
    @TempDir
    Path tmp;

    @Test
    void rootAddIntoAServiceStoreNeverTouchesWhatTheServiceUserLinksTo() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root");
        Path secret = tmp.resolve("secret");
        Path canary = AsServiceUser.canary(secret, "shadow");
        Path rootOnlyDir = Files.createDirectories(secret.resolve("dir"));
        String before = AsServiceUser.describe(canary);

        Path homeDir = tmp.resolve("home");
        assertEquals(0, CliRunner.run("--home", homeDir.toString(), "init").code());
        AsServiceUser.traversable(List.of(tmp, homeDir));
        for (String d : List.of("blocks", "catalog")) {
            Files.setAttribute(homeDir.resolve(d), "unix:uid", AsServiceUser.UID);
            Files.setAttribute(homeDir.resolve(d), "unix:gid", AsServiceUser.UID);
        }
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.setPosixFilePermissions(site, PosixFilePermissions.fromString("rwxr-xr-x"));

        String attacker = """
                end=$((SECONDS + 8)); n=0
                while [ $SECONDS -lt $end ] && [ ! -e "$STOP" ]; do
                  for f in "$B"/*/.tmp-*; do
                    [ -L "$f" ] && continue
                    [ -e "$f" ] || continue
                    rm -f "$f" 2>/dev/null && ln -s "$CANARY" "$f" 2>/dev/null && n=$((n + 1))
                  done
                  # shard directories only in the second half: the first is the temp files' race alone
                  [ $SECONDS -lt 3 ] && continue
                  for d in "$B"/*; do
                    [ -L "$d" ] && continue
                    case "$d" in *.moved) continue;; esac
                    [ -d "$d" ] || continue
                    mv "$d" "$d.moved" 2>/dev/null && ln -s "$ROOTDIR" "$d" 2>/dev/null && n=$((n + 1))
                    break
                  done
                done
                echo "swaps=$n"
                """;
        Path stop = tmp.resolve("stop");
        Process race = AsServiceUser.start(attacker, Map.of("B", homeDir.resolve("blocks").toString(),
                "CANARY", canary.toString(), "ROOTDIR", rootOnlyDir.toString(), "STOP", stop.toString()));
        Process fast = new ProcessBuilder("setpriv", "--reuid=" + AsServiceUser.UID, "--regid=" + AsServiceUser.UID,
                "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), TmpSwapper.class.getName(),
                homeDir.resolve("blocks").toString(), canary.toString(), "20", stop.toString())
                .redirectErrorStream(true).start();
        java.io.BufferedReader fastOut = new java.io.BufferedReader(
                new java.io.InputStreamReader(fast.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("watching", fastOut.readLine());
        Random random = new Random(15);
        long deadline = System.nanoTime() + 6_000_000_000L;
        int adds = 0;
        int succeeded = 0;
        String lastFailure = "";
        while (System.nanoTime() < deadline) {
            Path dir = Files.createDirectories(site.resolve("round" + adds));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (int i = 0; i < 40; i++) {
                byte[] data = new byte[2048 + random.nextInt(4096)];
                random.nextBytes(data);
                Path f = dir.resolve("f" + i);
                Files.write(f, data);
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
            CliRunner.Result r = CliRunner.run("--home", homeDir.toString(), "add", "-r", "-Q", dir.toString());
            adds++;
            if (r.code() == 0) {
                succeeded++;
            } else {
                assertTrue(!r.err().contains("internal error"), r.err());
                lastFailure = r.err().trim();
            }
        }
        Files.createFile(stop);
        String out = new String(race.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        race.waitFor();
        int swaps = Integer.parseInt(out.replaceAll("(?s).*swaps=(\\d+).*", "$1"));
        String fastRest = new String(fast.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        fast.waitFor();
        int tmpSwaps = Integer.parseInt(fastRest.replaceAll("(?s).*tmpswaps=(\\d+).*", "$1"));
        swaps += tmpSwaps;
        assertTrue(swaps > 0, "the race never swapped anything: " + out);
        assertTrue(adds > 1, "adds: " + adds);

        assertEquals(before, AsServiceUser.describe(canary), "the canary's owner, mode or content changed");
        try (Stream<Path> s = Files.list(rootOnlyDir)) {
            assertEquals(List.of(), s.toList(), "root wrote into the directory a shard link pointed at");
        }
        // Everything root created in the store is the service user's, without any chown.
        try (Stream<Path> s = Files.walk(homeDir.resolve("blocks"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                assertEquals(AsServiceUser.UID, Files.getAttribute(p, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS),
                        p.toString());
            }
        }
        System.out.println("RootAddRaceTest: " + adds + " adds (" + succeeded + " succeeded), " + swaps + " swaps (" + tmpSwaps + " by inotify); last failure: "
                + lastFailure);
    }

    @Test
    void rootAddReadsItsInputsAsTheStoreOwnerAndSaysSo() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root");
        Path homeDir = tmp.resolve("home");
        assertEquals(0, CliRunner.run("--home", homeDir.toString(), "init").code());
        AsServiceUser.traversable(List.of(tmp, homeDir));
        for (String d : List.of("blocks", "catalog")) {
            Files.setAttribute(homeDir.resolve(d), "unix:uid", AsServiceUser.UID);
        }
        Path secret = AsServiceUser.canary(tmp.resolve("private"), "input.txt");
        CliRunner.Result r = CliRunner.run("--home", homeDir.toString(), "add", secret.toString());
        assertEquals(ExitCodes.FAILED, r.code());
        assertTrue(r.err().contains("permission denied: " + secret) && r.err().contains("acts as uid " + AsServiceUser.UID),
                r.err());
        CliRunner.Result ls = CliRunner.run("--home", homeDir.toString(), "catalog", "ls", "added");
        assertEquals(0, ls.code(), ls.err());
    }
}
