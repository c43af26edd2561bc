package dev.vipfs.fs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.fs.mount.Mounts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/run's row-4 floor times vipfs's job only if `ls -l` of its directory lists every entry with
 * the sizes bench/inputs writes and reaches the daemon once per entry, as a default vipfs mount
 * (names and attributes cached 1 s) is reached: one LOOKUP, no GETATTR, no second LOOKUP for ls's
 * extended-attribute probe.
 */
class NullFuseListingTest {
    private static final int ENTRIES = 2_000;

    @TempDir
    Path tmp;

    @Test
    void lsLongStatsEveryEntryWithOneRequestEachOnVipfsTimeouts() throws Exception {
        Path mnt = Files.createDirectory(tmp.resolve("mnt"));
        NullFuse fs = new NullFuse(1 << 20, ENTRIES, false);
        Thread serving = new Thread(() -> fs.mount(mnt, true, false, VipfsMountOptions.fuseArgs(false)), "nullfuse");
        serving.setDaemon(true);
        serving.start();
        try {
            assertTrue(Mounts.await(mnt, true, 15_000), "NullFuse did not mount at " + mnt);
            long before = fs.getattrCalls();
            Process ls = new ProcessBuilder("ls", "-l", mnt.resolve("dir").toString()).redirectErrorStream(true).start();
            List<String> lines = List.of(new String(ls.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));
            assertEquals(0, ls.waitFor(), String.join("\n", lines));
            long calls = fs.getattrCalls() - before;
            assertEquals(ENTRIES + 1, lines.size(), "ls -l prints a total line and one line per entry");
            // bench/inputs writes each file as its name and a newline.
            String first = "entry-000001-0123456789abcdef.txt";
            assertTrue(lines.get(1).matches("-r--r--r-- .* " + (first.length() + 1) + " .* " + first), lines.get(1));
            assertTrue(calls >= ENTRIES && calls <= ENTRIES + ENTRIES / 20 + 5,
                    "getattr callbacks for one ls -l of " + ENTRIES + " entries: " + calls);
        } finally {
            Mounts.unmount(mnt);
            serving.join(10_000);
        }
    }
}
