package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.json's max_directory_entries bounds every listing the node serves. */
class DirectoryLimitConfigTest {
    @TempDir
    Path tmp;

    private static void setLimit(Path home, int entries) throws Exception {
        TestHome.configure(home, config -> config.put("max_directory_entries", entries));
    }

    @Test
    void listingPastTheConfiguredLimitFailsInOneLineAndSmallerOnesList() throws Exception {
        Path home = tmp.resolve("home");
        String root = new TestHome(home).add(tree());
        setLimit(home, 10);
        CliRunner.Result big = CliRunner.run("--home", home.toString(), "ls", root + "/many");
        assertNotEquals(0, big.code());
        assertTrue(big.err().contains("more than 10 entries") && big.err().lines().count() == 1, big.err());
        CliRunner.Result small = CliRunner.run("--home", home.toString(), "ls", root);
        assertEquals(0, small.code(), small.err());
        assertEquals(2, small.out().lines().count(), small.out());
    }

    @Test
    void aLimitBelowOneIsRefused() throws Exception {
        Path home = tmp.resolve("home");
        String root = new TestHome(home).add(tree());
        setLimit(home, 0);
        CliRunner.Result r = CliRunner.run("--home", home.toString(), "ls", root);
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("max_directory_entries must be at least 1") && r.err().lines().count() == 1, r.err());
    }

    private Path tree() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree").resolve("many"));
        for (int i = 0; i < 11; i++) {
            Files.writeString(tree.resolve("f" + i), "x");
        }
        Files.writeString(tree.getParent().resolve("a.txt"), "a");
        return tree.getParent();
    }
}
