package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.testkit.KuboDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #19's CLI additions: {@code cat --offset/--length} as {@code ipfs cat} counts them,
 * {@code add -H} for plain (Kubo-identical CIDs with and without it) and encrypted adds through
 * one tree walker, shell completion and the man page generated from the commands.
 */
class CliAdditionsTest {
    @TempDir
    static Path tmp;
    static String home;
    static Path tree;

    @BeforeAll
    static void init() throws Exception {
        home = tmp.resolve("home").toString();
        assertEquals(0, CliRunner.run("--home", home, "init").code());
        tree = tmp.resolve("tree");
        Files.createDirectories(tree.resolve(".config"));
        Files.writeString(tree.resolve("a.txt"), "abcdef");
        Files.writeString(tree.resolve("b.txt"), "ghijkl");
        Files.writeString(tree.resolve(".env"), "SECRET=1\n");
        Files.writeString(tree.resolve(".config/x"), "x\n");
    }

    private static String add(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--home";
        all[1] = home;
        all[2] = "add";
        System.arraycopy(args, 0, all, 3, args.length);
        CliRunner.Result r = CliRunner.run(all);
        assertEquals(0, r.code(), r.err());
        return r.out().trim();
    }

    private static CliRunner.Result cat(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--home";
        all[1] = home;
        all[2] = "cat";
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRunner.run(all);
    }

    @Test
    void catOffsetAndLengthCountOverTheWholeOutputAsIpfsCatDoes() {
        String root = add("-r", "-Q", tree.toString());
        String a = root + "/a.txt";
        String b = root + "/b.txt";
        // The same selections `ipfs cat` makes of these two files (checked against Kubo v0.42.0).
        assertEquals("defgh", cat("--offset", "3", "--length", "5", a, b).out());
        assertEquals("ijkl", cat("--offset", "8", a, b).out());
        assertEquals("cd", cat("-o", "2", "-l", "2", a, b).out());
        assertEquals("", cat("--length", "0", a).out());
        assertEquals("", cat("--offset", "100", a).out());
        CliRunner.Result bad = cat("--offset", "-1", a);
        assertEquals(ExitCodes.USAGE, bad.code(), bad.err());
        assertTrue(bad.err().startsWith("vipfs: --offset must not be negative"), bad.err());
    }

    @Test
    void encryptedAddSkipsDotFilesUnlessHidden() {
        String without = add("-r", "-Q", tree.toString());
        String ls = CliRunner.run("--home", home, "ls", without).out();
        assertFalse(ls.contains(".env") || ls.contains(".config"), ls);
        String with = add("-r", "-Q", "-H", tree.toString());
        String lsH = CliRunner.run("--home", home, "ls", with).out();
        assertTrue(lsH.contains(".env") && lsH.contains(".config"), lsH);
        assertEquals("SECRET=1\n", cat(with + "/.env").out());
    }

    @Test
    void plainAddMatchesKuboWithAndWithoutHidden() throws Exception {
        try (KuboDaemon kubo = KuboDaemon.start()) {
            for (boolean hidden : new boolean[] {false, true}) {
                String kuboCid = hidden ? kubo.run("add", "-r", "-Q", "--only-hash", "-H", tree.toString())
                        : kubo.run("add", "-r", "-Q", "--only-hash", tree.toString());
                String ours = hidden ? add("--plain", "-r", "-Q", "-n", "--hidden", tree.toString())
                        : add("--plain", "-r", "-Q", "-n", tree.toString());
                assertEquals(kuboCid, ours, "hidden=" + hidden);
            }
        }
    }

    @Test
    void completionScriptLoadsInBashAndCompletesCommands() throws Exception {
        CliRunner.Result r = CliRunner.run("completion", "bash");
        assertEquals(0, r.code(), r.err());
        Path script = tmp.resolve("vipfs-completion.bash");
        Files.writeString(script, r.out());
        Process p = new ProcessBuilder("bash", "-c", "source " + script + " && complete -p vipfs"
                + " && COMP_WORDS=(vipfs mo) COMP_CWORD=1 COMP_LINE='vipfs mo' COMP_POINT=8 && _complete_vipfs"
                + " && echo \"${COMPREPLY[@]}\"").redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("mount"), out);
        assertEquals(ExitCodes.USAGE, CliRunner.run("completion", "fish").code());
    }

    @Test
    void manPageRendersWithoutTroffWarningsAndCoversEveryCommand() throws Exception {
        CliRunner.Result r = CliRunner.run("man");
        assertEquals(0, r.code(), r.err());
        Path page = tmp.resolve("vipfs.1");
        Files.writeString(page, r.out());
        Process p = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", page.toString()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String warnings = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), warnings);
        assertEquals("", warnings);
        for (String c : new String[] {"vipfs init", "vipfs add", "vipfs cat", "vipfs mount", "vipfs policy check",
                "vipfs key import-public", "vipfs completion", "--offset"}) {
            assertTrue(text.contains(c), c + " missing from the man page");
        }
    }
}
