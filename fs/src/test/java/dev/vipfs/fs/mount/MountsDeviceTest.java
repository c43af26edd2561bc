package dev.vipfs.fs.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mount's device number comes from mountinfo, for the mount on top, whatever its optional fields or escapes. */
class MountsDeviceTest {
    @TempDir
    Path tmp;

    private static final List<String> MOUNTINFO = List.of(
            "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw",
            "40 22 0:38 / /srv/my\\040mount rw,nosuid,nodev shared:20 master:3 - fuse.vipfs vipfs rw,user_id=0",
            "41 22 0:39 / /srv/stacked rw - tmpfs tmpfs rw",
            "42 41 0:40 / /srv/stacked rw,nosuid - fuse.vipfs vipfs rw,user_id=0");

    @Test
    void theTopMountOfAPathIsFoundWithItsType() {
        assertEquals(new Mounts.Entry("vipfs", "fuse.vipfs", "0:38"), Mounts.entry(MOUNTINFO, Path.of("/srv/my mount")));
        assertEquals(new Mounts.Entry("vipfs", "fuse.vipfs", "0:40"), Mounts.entry(MOUNTINFO, Path.of("/srv/stacked/")));
        assertEquals(new Mounts.Entry("/dev/vda", "ext4", "254:0"), Mounts.entry(MOUNTINFO, Path.of("/")));
        assertNull(Mounts.entry(MOUNTINFO, Path.of("/srv")));
    }

    @Test
    void nothingIsWrittenForAPathWithoutAFuseMount() throws Exception {
        IOException e = assertThrows(IOException.class, () -> KernelReadAhead.set(tmp, 1024));
        assertEquals("no FUSE mount on " + tmp, e.getMessage());
        assertThrows(IOException.class, () -> KernelReadAhead.set(Path.of("/"), 1024));
        assertEquals(-1, KernelReadAhead.get(tmp.resolve("absent")));
    }

    /** A mountpoint named through a symlinked parent is found under the resolved name the table uses. */
    @Test
    void aMountpointBehindASymlinkedParentIsLookedUpByItsResolvedName() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real/mnt"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real.getParent());
        assertEquals(real.toRealPath(), Mounts.tableName(link.resolve("mnt")));
        assertEquals(Path.of("/"), Mounts.tableName(Path.of("/")));
        assertNull(Mounts.entryAsMounted(link.resolve("mnt")), "nothing is mounted there");
    }
}
