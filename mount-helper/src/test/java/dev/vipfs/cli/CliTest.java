package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.fs.mount.Mounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end (without FUSE): init, add, ls, cat, and one-line errors for bad input. */
class CliTest {
    @TempDir
    static Path tmp;
    static String home;
    static String root;
    static Path tree;

    @BeforeAll
    static void init() throws Exception {
        home = tmp.resolve("home").toString();
        assertEquals(0, CliRunner.run("--home", home, "init").code());
        tree = tmp.resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("a.txt"), "alpha\n");
        Files.write(tree.resolve("sub/big.bin"), new byte[300_000]);
        CliRunner.Result r = CliRunner.run("--home", home, "add", "-r", tree.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(lines.size() - 1).endsWith(" tree"), r.out());
        root = lines.get(lines.size() - 1).split(" ")[1];
    }

    @Test
    void catAndLsRoundTrip() {
        CliRunner.Result cat = CliRunner.run("--home", home, "cat", root + "/a.txt");
        assertEquals(0, cat.code(), cat.err());
        assertEquals("alpha\n", cat.out());
        CliRunner.Result ls = CliRunner.run("--home", home, "ls", root);
        assertEquals(0, ls.code(), ls.err());
        assertTrue(ls.out().contains(" 6 a.txt"), ls.out());
        assertTrue(ls.out().contains(" sub/"), ls.out());
    }

    @Test
    void policyFmtWriteKeepsCommentedFilesUnlessTold() throws Exception {
        Path p = tmp.resolve("commented.hcl");
        String text = "# who may read the site\npath \"x/*\" {\n  capabilities = [\"read\"] // enough\n}\n";
        Files.writeString(p, text);
        CliRunner.Result printed = CliRunner.run("policy", "fmt", p.toString());
        assertEquals(0, printed.code(), printed.err());
        assertEquals("path \"x/*\" {\n  capabilities = [\"read\"]\n}\n", printed.out());

        CliRunner.Result refused = CliRunner.run("policy", "fmt", "-w", p.toString());
        assertEquals(ExitCodes.USAGE, refused.code());
        assertTrue(refused.err().contains("--drop-comments"), refused.err());
        assertEquals(text, Files.readString(p), "the file is left as it was");

        CliRunner.Result dropped = CliRunner.run("policy", "fmt", "-w", "--drop-comments", p.toString());
        assertEquals(0, dropped.code(), dropped.err());
        assertEquals(printed.out(), Files.readString(p));

        // A '#' inside a string is not a comment.
        Path hash = tmp.resolve("hash.hcl");
        Files.writeString(hash, "path \"a#b/*\" {\n  capabilities = [\"list\"]\n}\n");
        assertEquals(0, CliRunner.run("policy", "fmt", "-w", hash.toString()).code());
    }

    @Test
    void privateKeyFilesAreCreated0600AndRefusedWhenOthersCouldReadThem() throws Exception {
        Path key = tmp.resolve("moved.key");
        CliRunner.Result exported = CliRunner.run("--home", home, "key", "export-private", "default", "-o", key.toString());
        assertEquals(0, exported.code(), exported.err());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        CliRunner.Result again = CliRunner.run("--home", home, "key", "export-private", "default", "-o", key.toString());
        assertEquals(ExitCodes.USAGE, again.code());
        assertTrue(again.err().contains("refusing to overwrite"), again.err());

        String other = tmp.resolve("other-home").toString();
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        CliRunner.Result refused = CliRunner.run("--home", other, "init", "--import-key", key.toString());
        assertNotEquals(0, refused.code());
        assertTrue(refused.err().contains("REFUSING to import") && refused.err().contains("rw-r--r--"), refused.err());

        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        CliRunner.Result imported = CliRunner.run("--home", other, "init", "--import-key", key.toString());
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("imported key 'default'"), imported.out());
    }

    @Test
    void producerHomeHoldsOnlyTheReadersPublicKey() throws Exception {
        String reader = tmp.resolve("reader").toString();
        String producer = tmp.resolve("producer").toString();
        assertEquals(0, CliRunner.run("--home", reader, "init").code());
        CliRunner.Result pub = CliRunner.run("--home", reader, "key", "export-public", "default");
        assertEquals(0, pub.code(), pub.err());
        Path pubFile = tmp.resolve("reader.pub");
        Files.writeString(pubFile, pub.out());

        CliRunner.Result both = CliRunner.run("--home", producer, "init", "--public-key", pubFile.toString(),
                "--import-key", pubFile.toString());
        assertEquals(ExitCodes.USAGE, both.code(), both.err());
        CliRunner.Result init = CliRunner.run("--home", producer, "init", "--public-key", pubFile.toString());
        assertEquals(0, init.code(), init.err());
        assertTrue(init.out().contains("imported public key 'default'"), init.out());
        CliRunner.Result keys = CliRunner.run("--home", producer, "key", "list");
        assertEquals(2, keys.out().lines().count(), keys.out());
        assertTrue(keys.out().contains("no (encrypt only)"), keys.out());

        Path file = tmp.resolve("report.txt");
        Files.writeString(file, "for the reader only\n");
        CliRunner.Result add = CliRunner.run("--home", producer, "add", "-Q", file.toString());
        assertEquals(0, add.code(), add.err());
        String cid = add.out().trim();
        CliRunner.Result cat = CliRunner.run("--home", producer, "cat", cid);
        assertEquals(ExitCodes.DENIED, cat.code(), cat.err());
        assertEquals("", cat.out());
        assertTrue(cat.err().contains("no private key") && cat.err().contains("default")
                && cat.err().contains("vipfs key import-private"), cat.err());

        Path car = tmp.resolve("report.car");
        assertEquals(0, CliRunner.run("--home", producer, "car", "export", cid, "-o", car.toString()).code());
        CliRunner.Result imported = CliRunner.run("--home", reader, "car", "import", car.toString());
        assertEquals(0, imported.code(), imported.err());
        CliRunner.Result read = CliRunner.run("--home", reader, "cat", cid);
        assertEquals(0, read.code(), read.err());
        assertEquals("for the reader only\n", read.out());

        // A home with a 'default' of its own takes the reader's key under another name.
        String own = tmp.resolve("own-key").toString();
        assertEquals(0, CliRunner.run("--home", own, "init").code());
        CliRunner.Result clash = CliRunner.run("--home", own, "key", "import-public", pubFile.toString());
        assertEquals(ExitCodes.USAGE, clash.code());
        assertTrue(clash.err().contains("already exists here") && clash.err().contains("--name"), clash.err());
        CliRunner.Result named = CliRunner.run("--home", own, "key", "import-public", pubFile.toString(), "--name", "reader");
        assertEquals(0, named.code(), named.err());
        assertTrue(named.out().contains("imported public key 'reader'"), named.out());
    }

    @Test
    void versionComesFromTheBuild() {
        String built = System.getProperty("vipfs.project.version");
        assertTrue(built != null && !built.isBlank() && !built.contains("${"), "surefire passes the project version");
        CliRunner.Result r = CliRunner.run("--version");
        assertEquals(0, r.code(), r.err());
        assertEquals("vipfs " + built, r.out().trim());
    }

    @Test
    void plainAddPrintsKubosCids() throws Exception {
        Path f = tmp.resolve("hello.txt");
        Files.writeString(f, "hello world\n");
        CliRunner.Result v0 = CliRunner.run("--home", home, "add", "--plain", "-Q", f.toString());
        assertEquals("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o\n", v0.out(), v0.err());
        CliRunner.Result v1 = CliRunner.run("--home", home, "add", "--plain", "-Q", "--cid-version", "1", f.toString());
        assertEquals("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4\n", v1.out(), v1.err());
        CliRunner.Result cat = CliRunner.run("--home", home, "cat", "--plain", "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
        assertEquals("hello world\n", cat.out(), cat.err());
        CliRunner.Result bad = CliRunner.run("--home", home, "add", "--plain", "--chunker", "rabin", f.toString());
        assertEquals(ExitCodes.USAGE, bad.code(), bad.err());
    }

    @Test
    void plainAddPreservingModeAndMtimePrintsKubosCids() throws Exception {
        String kubo = System.getProperty("vipfs.kubo", System.getenv("VIPFS_KUBO"));
        Path bin = kubo != null ? Path.of(kubo) : Path.of(System.getProperty("user.home"), ".cache/vipfs/kubo-v0.42.0/ipfs");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(bin), "no Kubo binary at " + bin);
        Path src = Files.createDirectories(tmp.resolve("kept/sub"));
        Files.writeString(src.resolve("f.txt"), "kept\n");
        Files.setPosixFilePermissions(src.resolve("f.txt"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        Files.setLastModifiedTime(src.resolve("f.txt"), java.nio.file.attribute.FileTime.fromMillis(1_577_934_245_123L));
        Files.setLastModifiedTime(src, java.nio.file.attribute.FileTime.fromMillis(1_500_000_000_000L));
        Path repo = tmp.resolve("kubo-repo");
        for (List<String> flags : List.of(List.of("--preserve-mode", "--preserve-mtime"), List.of("--preserve-mtime"),
                List.of("--preserve-mode", "--cid-version=1"))) {
            if (!Files.exists(repo)) {
                ProcessBuilder init = new ProcessBuilder(bin.toString(), "init", "--profile=test").redirectErrorStream(true);
                init.environment().put("IPFS_PATH", repo.toString());
                Process p = init.start();
                p.getInputStream().readAllBytes();
                assertEquals(0, p.waitFor());
            }
            List<String> add = new java.util.ArrayList<>(List.of(bin.toString(), "add", "-r", "-Q"));
            add.addAll(flags);
            add.add(tmp.resolve("kept").toString());
            ProcessBuilder pb = new ProcessBuilder(add).redirectErrorStream(true);
            pb.environment().put("IPFS_PATH", repo.toString());
            Process p = pb.start();
            String expected = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), expected);
            List<String> ours = new java.util.ArrayList<>(List.of("--home", home, "add", "--plain", "-r", "-Q"));
            ours.addAll(flags);
            ours.add(tmp.resolve("kept").toString());
            CliRunner.Result r = CliRunner.run(ours.toArray(String[]::new));
            assertEquals(expected, r.out(), flags + ": " + r.err());
        }
        CliRunner.Result encrypted = CliRunner.run("--home", home, "add", "-r", "--preserve-mode", tmp.resolve("kept").toString());
        assertEquals(ExitCodes.USAGE, encrypted.code(), "encrypted adds keep modes and times out of the DAG: " + encrypted.err());
    }

    @Test
    void progressBarOnlyWhenAskedOrAtATerminal() throws Exception {
        Path big = tmp.resolve("big-for-progress.bin");
        Files.write(big, new byte[(int) AddProgress.MIN_BYTES]);
        // Tests run with stderr captured, i.e. not a terminal: no bar unless asked for.
        CliRunner.Result quiet = CliRunner.run("--home", home, "add", "-Q", big.toString());
        assertEquals(0, quiet.code(), quiet.err());
        assertFalse(quiet.err().contains("adding"), quiet.err());
        CliRunner.Result shown = CliRunner.run("--home", home, "add", "-Q", "--progress", big.toString());
        assertEquals(0, shown.code(), shown.err());
        assertTrue(shown.err().contains("adding") && shown.err().contains("100%"), shown.err());
        // The bar goes to stderr only: stdout still holds just the (fresh, randomly keyed) root CID.
        assertEquals(1, shown.out().lines().count(), shown.out());
        assertTrue(shown.out().startsWith("Qm"), shown.out());
        CliRunner.Result off = CliRunner.run("--home", home, "add", "-Q", "--no-progress", big.toString());
        assertFalse(off.err().contains("adding"), off.err());
    }

    @Test
    void onlyHashNeedsNoHomeAndStoresNothing() throws Exception {
        Path f = tmp.resolve("hash-only.txt");
        Files.writeString(f, "hello world\n");
        Path none = tmp.resolve("no-home");
        CliRunner.Result r = CliRunner.run("--home", none.toString(), "add", "--plain", "--only-hash", "-Q", f.toString());
        assertEquals("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o\n", r.out(), r.err());
        assertFalse(Files.exists(none), "--only-hash created " + none);
    }

    @Test
    void quietAddPrintsOnlyTheRoot() {
        CliRunner.Result r = CliRunner.run("--home", home, "add", "-Q", tree.resolve("a.txt").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
    }

    @Test
    void badInputGivesOneLineAndNonZeroExit() throws Exception {
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("x"), "x");
        String[][] cases = {
            {"cat", "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4"},
            {"cat", "not-a-cid"},
            {"cat", root + "/no/such/path"},
            {"ls", root + "/missing"},
            {"mount", full.toString()},
            {"mount", tmp.resolve("does-not-exist").toString()},
            {"add", tmp.resolve("missing.txt").toString()},
            {"add", tree.toString()},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length + 2];
            args[0] = "--home";
            args[1] = home;
            System.arraycopy(c, 0, args, 2, c.length);
            CliRunner.Result r = CliRunner.run(args);
            String what = Arrays.toString(c) + " -> " + r.err();
            assertNotEquals(0, r.code(), what);
            assertEquals(1, r.err().lines().count(), what);
            assertTrue(r.err().startsWith("vipfs: "), what);
            assertFalse(r.err().contains("Exception"), what);
        }
        assertFalse(Mounts.isMounted(full));
    }

    @Test
    void uninitialisedHomeIsExplained() {
        CliRunner.Result r = CliRunner.run("--home", tmp.resolve("nohome").toString(), "ls", root);
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("vipfs init"), r.err());
    }
}
