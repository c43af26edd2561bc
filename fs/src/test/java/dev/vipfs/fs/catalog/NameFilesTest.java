package dev.vipfs.fs.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only the catalogue's owner writes names files, and only into a directory of its own. */
class NameFilesTest {
    static final String ROOT = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";

    @TempDir
    Path tmp;

    @Test
    void whatTheOwnerWroteReadsBack() throws Exception {
        NameFiles files = new Catalog(tmp.resolve("catalog")).nameFiles();
        assertTrue(files.read(ROOT).isEmpty());
        files.write(ROOT, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, files.read(ROOT).orElseThrow());
        files.write(ROOT, new byte[] {4});
        assertArrayEquals(new byte[] {4}, files.read(ROOT).orElseThrow());
        try (var left = Files.list(tmp.resolve("catalog/names"))) {
            assertTrue(left.allMatch(p -> p.getFileName().toString().equals(ROOT)), "no temporary file is left behind");
        }
    }

    @Test
    void aThreadActingAsAnotherUidWritesNothingIntoTheCatalogue() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to give the catalogue to another uid");
        Path dir = Files.createDirectories(tmp.resolve("catalog"));
        NameFiles files = new Catalog(dir).nameFiles();
        Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("61041"));
        files.write(ROOT, new byte[] {1});
        assertFalse(Files.exists(dir.resolve("names")), "root wrote into a directory another uid controls");
    }

    @Test
    void aNamesDirectoryThatIsALinkIsNeitherReadNorWritten() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("catalog"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.write(elsewhere.resolve(ROOT), new byte[] {9});
        Files.createSymbolicLink(dir.resolve("names"), elsewhere);
        NameFiles files = new Catalog(dir).nameFiles();
        assertTrue(files.read(ROOT).isEmpty());
        assertThrows(IOException.class, () -> files.write(ROOT, new byte[] {1}));
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(elsewhere.resolve(ROOT)));
    }
}
