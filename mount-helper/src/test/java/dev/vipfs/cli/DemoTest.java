package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's main job runs end to end through a real mount and leaves nothing mounted. */
class DemoTest {
    @Test
    void demoMountsComparesAndUnmounts() throws Exception {
        CliRunner.Result r = CliRunner.run("demo");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("files match"), r.out());
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            assertFalse(line.contains("vipfs-demo-"), "demo mount left behind: " + line);
        }
    }
}
