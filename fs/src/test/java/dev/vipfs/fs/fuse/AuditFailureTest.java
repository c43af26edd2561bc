package dev.vipfs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.policy.PolicyEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the audit device cannot write, access through the mount fails instead of going unlogged. */
class AuditFailureTest {
    @TempDir
    Path tmp;

    @Test
    void fullAuditDeviceRefusesReads() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to mount a small tmpfs");
        Path small = Files.createDirectories(tmp.resolve("small"));
        assertEquals(0, new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small.toString())
                .inheritIO().start().waitFor());
        try {
            Path home = Files.createDirectories(tmp.resolve("home"));
            try (MountFixture fx = new MountFixture(home, small.resolve("audit.log"))) {
                SortedMap<String, ImportedNode> e = new TreeMap<>();
                e.put("f.txt", fx.addEncrypted("data\n".getBytes()));
                ImportedNode dir = fx.importer.addDirectory(e);
                fx.mount(PolicyEngine.allowAll(), MountOptions.builder().build());
                assertEquals("data\n", Files.readString(fx.path(dir.cid(), "f.txt")));
                // Fill the device that holds the audit log.
                try (OutputStream out = Files.newOutputStream(small.resolve("filler"))) {
                    byte[] chunk = new byte[4096];
                    while (true) {
                        out.write(chunk);
                    }
                } catch (IOException full) {
                    // ENOSPC: no free page left.
                }
                // The log's own last page may still have room; use it up too.
                try (OutputStream out = Files.newOutputStream(fx.auditFile, java.nio.file.StandardOpenOption.APPEND)) {
                    while (true) {
                        out.write('\n');
                        out.flush();
                    }
                } catch (IOException full) {
                    // Now not even one more byte fits.
                }
                ImportedNode other = fx.addEncrypted("other\n".getBytes());
                IOException failure = assertThrows(IOException.class, () -> Files.readString(fx.path(other.cid())));
                org.junit.jupiter.api.Assertions.assertTrue(String.valueOf(failure.getMessage()).contains("Input/output error"), failure.toString());
            }
        } finally {
            new ProcessBuilder("umount", "-l", small.toString()).inheritIO().start().waitFor();
        }
    }
}
