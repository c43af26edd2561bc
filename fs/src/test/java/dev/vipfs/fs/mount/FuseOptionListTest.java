package dev.vipfs.fs.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** -o lists: merged with vipfs's flags, refused where vipfs decides, passed once otherwise. */
class FuseOptionListTest {
    private static List<String> fuseOptions(MountOptions o) {
        String[] args = o.toFuseArgs();
        assertEquals("-o", args[0]);
        return Arrays.asList(args[1].split(","));
    }

    @Test
    void flagsSpelledAsOptionsMergeAndTheRestPassOnce() {
        FuseOptionList.Parsed p = FuseOptionList.parse(List.of("allow_other,noatime", "ro,noatime,auto_unmount,kernel_cache"));
        assertTrue(p.allowOther());
        assertTrue(p.readOnly());
        assertEquals(List.of("noatime"), p.passThrough());
        MountOptions.Builder b = MountOptions.builder().allowOther(p.allowOther()).option("ro");
        p.passThrough().forEach(b::option);
        List<String> o = fuseOptions(b.option("allow_other").build());
        for (String once : List.of("allow_other", "auto_unmount", "kernel_cache", "noatime", "ro")) {
            assertEquals(1, o.stream().filter(once::equals).count(), once + " in " + o);
        }
    }

    @Test
    void timeoutsAndPresentation() {
        FuseOptionList.Parsed p = FuseOptionList.parse(List.of("entry_timeout=5,attr_timeout=2,uid=1000,gid=33,umask=027"));
        assertEquals(5, p.entryTimeout());
        assertEquals(2, p.attrTimeout());
        assertEquals(1000, p.uid());
        assertEquals(33, p.gid());
        assertEquals(027, p.umask());
        List<String> o = fuseOptions(MountOptions.builder().cacheTimeoutSeconds(0).entryTimeoutSeconds(5).attrTimeoutSeconds(2)
                .option("negative_timeout=3").build());
        assertTrue(o.contains("entry_timeout=5") && o.contains("attr_timeout=2"), o.toString());
        assertEquals(1, o.stream().filter(x -> x.startsWith("negative_timeout=")).count(), o.toString());
        assertTrue(o.contains("negative_timeout=3"), o.toString());
    }

    @Test
    void theHomeNamesTheMountUnlessItCannot() {
        assertTrue(fuseOptions(MountOptions.builder().source("/var/lib/vipfs").build()).contains("fsname=/var/lib/vipfs"));
        assertTrue(fuseOptions(MountOptions.builder().source("/srv/a,b").build()).contains("fsname=vipfs"));
        assertTrue(fuseOptions(MountOptions.builder().build()).contains("fsname=vipfs"));
    }

    @Test
    void refusedAndContradictoryOptionsSayWhy() {
        for (String bad : List.of("fsname=x", "subtype=y", "default_permissions", "direct_io", "max_read=4096")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FuseOptionList.parse(List.of(bad)));
            assertTrue(e.getMessage().startsWith("-o " + bad.split("=")[0] + " is not accepted: "), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> FuseOptionList.parse(List.of("ro,rw")));
        assertThrows(IllegalArgumentException.class, () -> FuseOptionList.parse(List.of("allow_other,allow_root")));
        assertThrows(IllegalArgumentException.class, () -> FuseOptionList.parse(List.of("entry_timeout=soon")));
        assertThrows(IllegalArgumentException.class, () -> FuseOptionList.parse(List.of("umask=999")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FuseOptionList.merge("--entry-timeout", 5, "entry_timeout", 6));
        assertEquals("--entry-timeout 5 and -o entry_timeout=6 contradict each other: give one", e.getMessage());
        assertEquals(5, FuseOptionList.merge("--entry-timeout", 5, "entry_timeout", 5));
        assertFalse(FuseOptionList.parse(List.of("")).allowOther());
    }
}
