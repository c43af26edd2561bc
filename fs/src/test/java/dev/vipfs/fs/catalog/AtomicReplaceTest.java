package dev.vipfs.fs.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one way catalogue files are replaced: whole, and never written through a planted name. */
class AtomicReplaceTest {
    @TempDir
    Path dir;

    @Test
    void aLinkPlantedAtTheTemporaryNameIsRemovedNotWrittenThrough() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "root's file\n");
        Files.createDirectories(dir.resolve("catalog"));
        Path file = dir.resolve("catalog/namespace.snapshot.json");
        Path tmp = dir.resolve("catalog/namespace.snapshot.json.tmp");
        Files.createSymbolicLink(tmp, victim);
        AtomicReplace.write(file, tmp, "{}\n".getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-------"));
        assertEquals("root's file\n", Files.readString(victim));
        assertEquals("{}\n", Files.readString(file));
        assertFalse(Files.exists(tmp, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void theNewFileReplacesTheOldWholeWithTheGivenMode() throws Exception {
        Path file = Files.writeString(dir.resolve("aliases.json"), "{\"old\": 1}\n");
        AtomicReplace.write(file, dir.resolve("aliases.json.tmp"), "{}\n".getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.fromString("rw-------"));
        assertEquals("{}\n", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left");
        }
    }
}
