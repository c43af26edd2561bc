package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #19: every error a user sees says what to do next, in one line and never as a stack
 * trace: a missing private key names the key and how to import it, a missing block where else
 * it may be, a corrupted block how to find and restore it, a denial which command shows the rule.
 */
class NextStepMessagesTest {
    @TempDir
    Path tmp;

    private static void oneLine(CliRunner.Result r) {
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "stack trace or class name: " + r.err());
        // One message line (a library may log its own line beside it, as BlockVerifier does).
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("vipfs: ")).count(), r.err());
    }

    @Test
    void aMissingPrivateKeyNamesTheKeyAndHowToImportIt() throws Exception {
        String reader = tmp.resolve("reader").toString();
        String producer = tmp.resolve("producer").toString();
        assertEquals(0, CliRunner.run("--home", reader, "init", "--key-name", "alice").code());
        CliRunner.Result pub = CliRunner.run("--home", reader, "key", "export-public", "alice");
        Path pubFile = tmp.resolve("alice.pub");
        Files.writeString(pubFile, pub.out());
        assertEquals(0, CliRunner.run("--home", producer, "init", "--public-key", pubFile.toString()).code());
        Path file = tmp.resolve("r.txt");
        Files.writeString(file, "secret\n");
        String cid = CliRunner.run("--home", producer, "add", "-Q", file.toString()).out().trim();

        CliRunner.Result cat = CliRunner.run("--home", producer, "cat", cid);
        assertEquals(ExitCodes.DENIED, cat.code(), cat.err());
        oneLine(cat);
        assertTrue(cat.err().contains("import the private key 'alice'"), cat.err());
        assertTrue(cat.err().contains("'vipfs key export-private alice -o alice.key'")
                && cat.err().contains("'vipfs key import-private alice.key'"), cat.err());
    }

    @Test
    void aBlockMissingFromTheEmbeddedStorePointsAtKuboGatewaysAndCarImport() {
        String home = tmp.resolve("home").toString();
        assertEquals(0, CliRunner.run("--home", home, "init").code());
        CliRunner.Result cat = CliRunner.run("--home", home, "cat", "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
        assertEquals(ExitCodes.FAILED, cat.code(), cat.err());
        oneLine(cat);
        assertTrue(cat.err().contains("not found in the embedded blockstore"), cat.err());
        assertTrue(cat.err().contains("--store kubo") && cat.err().contains("--store gateway")
                && cat.err().contains("vipfs car import"), cat.err());
    }

    @Test
    void aCorruptedBlockNamesItsFileAndHowToFindAndRestoreThem() throws Exception {
        Path home = tmp.resolve("home");
        assertEquals(0, CliRunner.run("--home", home.toString(), "init").code());
        Path file = tmp.resolve("f.txt");
        Files.writeString(file, "intact\n");
        String cid = CliRunner.run("--home", home.toString(), "add", "-Q", file.toString()).out().trim();
        List<Path> blocks;
        try (Stream<Path> s = Files.walk(home.resolve("blocks"))) {
            blocks = s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".data")).toList();
        }
        assertFalse(blocks.isEmpty(), "no block files found under " + home.resolve("blocks"));
        for (Path b : blocks) {
            byte[] data = Files.readAllBytes(b);
            data[data.length - 1] ^= 1;
            Files.write(b, data);
        }

        CliRunner.Result cat = CliRunner.run("--home", home.toString(), "cat", cid);
        assertEquals(ExitCodes.FAILED, cat.code(), cat.err());
        oneLine(cat);
        assertTrue(cat.err().contains("integrity check failed") && cat.err().contains(home.resolve("blocks").toString()), cat.err());
        assertTrue(cat.err().contains("'vipfs car export ROOT -o /dev/null'") && cat.err().contains("vipfs car import"), cat.err());
        // The suggested way to find damaged blocks does find this one.
        CliRunner.Result walk = CliRunner.run("--home", home.toString(), "car", "export", cid, "-o", "/dev/null");
        assertEquals(ExitCodes.FAILED, walk.code(), walk.err());
        assertTrue(walk.err().contains("does not hash to its CID"), walk.err());
    }

    @Test
    void aDenialAtTheMountNamesTheCommandThatShowsTheDecidingRule() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root (FUSE mounts, setpriv)");
        TestHome home = new TestHome(tmp.resolve("home"));
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "a\n");
        String root = home.add(src);
        home.openForServiceUsers();
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(mnt, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        // Denials are the caller's to see and logged at debug level; the test reads that line.
        Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug");
        try (Daemon d = Daemon.start(env, home.dir, mnt, "--stay-root", "--allow-other")) {
            Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "cat", mnt.resolve(root).resolve("a.txt").toString()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(err.contains("Permission denied"), err);
            Matcher m = Pattern.compile("'vipfs policy check --config \\$VIPFS_HOME (--uid 65534 --gid 65534 --path \"([^\"]+)\" --op (\\w+))'"
                    + " shows the deciding rule").matcher(d.output());
            assertTrue(m.find(), d.output());
            // The command as the log gives it, run against this home, shows the refusal and why.
            CliRunner.Result check = CliRunner.run("policy", "check", "--config", home.dir.toString(), "--uid", "65534",
                    "--gid", "65534", "--path", m.group(2), "--op", m.group(3));
            assertEquals(0, check.code(), check.err());
            assertTrue(check.out().startsWith("deny"), check.out());
        }
    }
}
