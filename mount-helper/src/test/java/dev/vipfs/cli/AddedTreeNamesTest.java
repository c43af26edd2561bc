package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.ipfs.cid.Cid;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `vipfs add` and `vipfs car import` write the names file of the tree they catalogue, so the first
 * mount reads it instead of walking the tree before its first decision (docs/names-file.md); the
 * file is byte for byte the one that mount would have written.
 */
class AddedTreeNamesTest {
    @TempDir
    Path tmp;

    private Path tree() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree/sub/deeper"));
        Files.writeString(tmp.resolve("tree/a.txt"), "a\n");
        Files.writeString(tmp.resolve("tree/sub/b.txt"), "b\n");
        Files.write(tmp.resolve("tree/sub/deeper/big.bin"), new byte[600_000]);
        return tree.getParent().getParent();
    }

    private static Path namesFile(Path home, String root) {
        return home.resolve("catalog/names").resolve(CidSpelling.canonical(Cid.parse(root)));
    }

    @Test
    void addWritesTheNamesFileTheFirstMountWouldWrite() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to mount");
        TestHome home = new TestHome(tmp.resolve("home"));
        String root = CliRunner.ok("--home", home.dir.toString(), "add", "-r", "-Q", tree().toString());
        Path file = namesFile(home.dir, root);
        assertTrue(Files.isRegularFile(file), "no names file after add: " + file);
        byte[] written = Files.readAllBytes(file);

        Files.delete(file);
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        try (Daemon d = Daemon.start(home.dir, mnt, "--stay-root")) {
            assertEquals("b\n", Files.readString(mnt.resolve(root).resolve("sub/b.txt")), d.output());
        }
        assertArrayEquals(Files.readAllBytes(file), written, "the mount's walk wrote other names");
    }

    @Test
    void carImportWritesTheNamesFileOfEachRoot() throws Exception {
        TestHome a = new TestHome(tmp.resolve("a"));
        String root = CliRunner.ok("--home", a.dir.toString(), "add", "-r", "-Q", tree().toString());
        Path car = tmp.resolve("tree.car");
        CliRunner.ok("--home", a.dir.toString(), "car", "export", "-o", car.toString(), root);
        Path b = tmp.resolve("b");
        CliRunner.ok("--home", b.toString(), "init");
        CliRunner.ok("--home", b.toString(), "car", "import", car.toString());
        assertArrayEquals(Files.readAllBytes(namesFile(a.dir, root)), Files.readAllBytes(namesFile(b, root)));
    }
}
