package dev.vipfs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vipfs.fs.metrics.MountMetrics;
import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.policy.PolicyEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CID path's bytes never change, so a second read of one is the kernel's alone: the open still
 * reaches the daemon (and the policy), the pages do not come back (bench/run row 1's re-read;
 * docs/benchmarks.md "Sequential re-read"). Opening must not drop the pages the last reader left.
 */
class ReReadMountTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondReadOfACidPathIsServedFromThePageCache() throws Exception {
        try (MountFixture fx = new MountFixture(tmp, true)) {
            byte[] data = new byte[4 << 20];
            new Random(16).nextBytes(data);
            ImportedNode file = fx.addEncrypted(data);
            fx.mount(PolicyEngine.allowAll(), MountOptions.builder().build());
            Path p = fx.path(file.cid());
            long fromDaemon = -1;
            // Another process's drop_caches between the two reads empties the page cache for
            // reasons of its own; such a pair is measured again.
            for (int attempt = 0; attempt < 3 && fromDaemon != 0; attempt++) {
                long drops = dropCacheCount();
                assertArrayEquals(data, Files.readAllBytes(p));
                long before = MountMetrics.global().bytesRead();
                assertArrayEquals(data, Files.readAllBytes(p));
                fromDaemon = dropCacheCount() == drops ? MountMetrics.global().bytesRead() - before : -1;
            }
            assertEquals(0, fromDaemon, "bytes the daemon served for the second read of " + p);
        }
    }

    /** How often the page cache was dropped (/proc/vmstat), -1 where the kernel does not say. */
    private static long dropCacheCount() throws IOException {
        return Files.readAllLines(Path.of("/proc/vmstat")).stream()
                .filter(l -> l.startsWith("drop_pagecache "))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(' ') + 1).trim()))
                .findFirst().orElse(-1);
    }
}
