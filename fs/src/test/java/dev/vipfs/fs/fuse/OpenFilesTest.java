package dev.vipfs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Which handles may close without FLUSH: only those whose bytes never change. A handle on a file
 * being written keeps it, a writer's because its commit runs there.
 */
class OpenFilesTest {
    @Test
    void onlyContentAndCommittedVersionsAreImmutable() {
        OpenFiles files = new OpenFiles();
        long content = files.add(new OpenFile.Content(null));
        long committed = files.add(new OpenFile.Committed(null, "a.txt", null));
        long writer = files.add(new OpenFile.Spooled(null, "b.txt", null, true));
        long reader = files.add(new OpenFile.Spooled(null, "b.txt", null, false));
        assertTrue(files.immutable(content));
        assertTrue(files.immutable(committed));
        assertFalse(files.immutable(writer), "a writer's close commits");
        assertFalse(files.immutable(reader), "a reader of a file being written sees it change");
        assertFalse(files.immutable(writer + 100), "an unknown handle");
        assertNull(files.get(committed, OpenFile.Content.class), "kinds stay apart");
        assertEquals(4, files.count());
    }
}
