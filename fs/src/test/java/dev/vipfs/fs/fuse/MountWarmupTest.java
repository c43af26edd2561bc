package dev.vipfs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.fs.access.AccessGate;
import dev.vipfs.fs.metrics.MountMetrics;
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.fs.testkit.OtherUser;
import dev.vipfs.fs.testkit.TestMountAssembly;
import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.PolicyEngine;
import dev.vipfs.policy.audit.AuditLog;
import dev.vipfs.policy.audit.AuditOptions;
import dev.vipfs.policy.audit.SyncPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm-up before a mount serves: it runs the request paths over the catalogue's content as
 * its own caller through its own gate, and leaves no trace where the mount's own would be — no
 * line in the mount's audit trail, no decision of the mount's policies, no count in its metrics.
 */
class MountWarmupTest {
    static final int WARMER = 4242;
    private static final long REPLY_TIMEOUT = 10_000;

    @TempDir
    Path tmp;

    @Test
    void warmsOverTheCatalogueThroughItsOwnGateOnly() throws Exception {
        try (MountFixture fx = new MountFixture(tmp, true)) {
            SortedMap<String, ImportedNode> entries = new TreeMap<>();
            for (int i = 0; i < 40; i++) {
                entries.put("f" + i, fx.addEncrypted(("file " + i).getBytes()));
            }
            Cid dir = fx.importer.addDirectory(entries).cid();
            fx.catalog.record("site", dir, true);

            // The mount's own gate: no policy grants anything, so any request through it would be
            // a denial written to its audit trail.
            Path mountAudit = tmp.resolve("mount-audit.log");
            try (AuditLog real = open(mountAudit); AuditLog throwaway = open(tmp.resolve("warmup-audit.log"));
                 TestMountAssembly assembly = new TestMountAssembly(new UnixfsReader(fx.store), fx.keyring,
                         new AccessGate(PolicyEngine.load(Files.createDirectories(tmp.resolve("mount-home")), CidSpelling.RULES), real),
                         fx.catalog, null)) {
                long mountAuditBefore = Files.size(mountAudit);
                MountWarmup.Result r = MountWarmup.run(assembly.parts(), new AccessGate(warmerPolicy(), throwaway),
                        Caller.of(WARMER, WARMER), 20_000_000_000L);

                assertTrue(r.requests() > 1_000, "requests: " + r.requests());
                assertEquals(mountAuditBefore, Files.size(mountAudit), "the mount's audit trail was written");
                List<String> lines = Files.readAllLines(tmp.resolve("warmup-audit.log"));
                assertTrue(lines.stream().anyMatch(l -> l.contains("\"op\":\"decrypt\"") && l.contains("\"uid\":" + WARMER)),
                        "the warm-up opened and decrypted files as its own caller");
                assertTrue(lines.stream().noneMatch(l -> l.contains("\"decision\":\"deny\"")), "denials: warmed the wrong paths");
                MountMetrics m = MountMetrics.global();
                assertEquals(0, m.allowed() + m.denied() + m.bytesRead() + m.bytesDecrypted() + m.segmentMisses(),
                        "the warm-up's requests were left in the mount's counts");
            }
        }
    }

    @Test
    void anEmptyCatalogueHasNothingToWarm() throws Exception {
        try (MountFixture fx = new MountFixture(tmp, true);
             AuditLog throwaway = open(tmp.resolve("warmup-audit.log"));
             TestMountAssembly assembly = new TestMountAssembly(new UnixfsReader(fx.store), fx.keyring,
                     new AccessGate(warmerPolicy(), throwaway), fx.catalog, null)) {
            MountWarmup.Result r = MountWarmup.run(assembly.parts(), new AccessGate(warmerPolicy(), throwaway),
                    Caller.of(WARMER, WARMER), 20_000_000_000L);
            assertEquals(0, r.requests());
            assertFalse(r.budgetSpent());
        }
    }

    @Test
    void theWarmUpsRequestsAreFuseRequestsFromTheCallerTheyCarry() throws Exception {
        byte[] content = "through a libfuse session, as the kernel asks".getBytes();
        try (MountFixture fx = new MountFixture(tmp, true);
             AuditLog throwaway = open(tmp.resolve("warmup-audit.log"));
             TestMountAssembly assembly = new TestMountAssembly(new UnixfsReader(fx.store), fx.keyring,
                     new AccessGate(warmerPolicy(), throwaway), fx.catalog, null)) {
            String cid = fx.addEncrypted(content).cid().toString();
            Cid dir = fx.importer.addDirectory(new TreeMap<>(java.util.Map.of("a", fx.addEncrypted("x".getBytes())))).cid();
            VipfsFuse edge = new VipfsFuse(assembly.parts());
            try (LoopbackKernel kernel = edge.loopback(WARMER, WARMER, REPLY_TIMEOUT)) {
                LoopbackKernel.Attr a = kernel.lookup(LoopbackKernel.ROOT, cid);
                assertEquals(content.length, a.size());
                assertTrue(a.regular());
                assertEquals(a.size(), kernel.getattr(a.node()).size());
                assertNull(kernel.lookup(LoopbackKernel.ROOT, "no-such-root"));

                LoopbackKernel.Handle h = kernel.open(a.node()).orElseThrow();
                byte[] got = new byte[4096];
                int n = kernel.read(h, 8, got);
                assertEquals(new String(content, 8, content.length - 8), new String(got, 0, n));
                kernel.close(h);

                LoopbackKernel.Attr d = kernel.lookup(LoopbackKernel.ROOT, dir.toString());
                assertTrue(d.directory());
                assertTrue(kernel.list(d.node()).contains("a"));
            }
            // The caller is the one the request carries, as libfuse reports a mount's: another
            // uid's requests meet the throwaway policy, which grants it nothing.
            try (LoopbackKernel other = edge.loopback(WARMER + 1, WARMER + 1, REPLY_TIMEOUT)) {
                LoopbackKernel.Attr a = other.lookup(LoopbackKernel.ROOT, cid);
                assertTrue(a == null || other.open(a.node()).isEmpty(), "a caller the policy does not name read the content");
            }
            assertFalse(Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().startsWith("vipfs-warmup-session")), "a session thread outlived its close");
        }
    }

    @Test
    void aRequestStuckPastItsTimeoutFailsInsteadOfHoldingTheMountsInit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean stall = new AtomicBoolean();
        try (MountFixture fx = new MountFixture(tmp, true);
             AuditLog throwaway = open(tmp.resolve("warmup-audit.log"));
             TestMountAssembly assembly = new TestMountAssembly(new UnixfsReader(new StallingSource(fx.store, stall, release)),
                     fx.keyring, new AccessGate(warmerPolicy(), throwaway), fx.catalog, null)) {
            String cid = fx.addEncrypted("stuck".getBytes()).cid().toString();
            try (LoopbackKernel kernel = new VipfsFuse(assembly.parts()).loopback(WARMER, WARMER, 300)) {
                stall.set(true); // a block fetch that never ends, as a store gone silent makes one
                long start = System.nanoTime();
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> kernel.lookup(LoopbackKernel.ROOT, cid));
                assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
                assertTrue(System.nanoTime() - start < 5_000_000_000L, "the call waited far past its timeout");
                release.countDown();
            }
        } finally {
            release.countDown();
        }
    }

    /** A block source whose fetches wait for {@code release} while {@code stall} is set. */
    private record StallingSource(BlockSource inner, AtomicBoolean stall, CountDownLatch release) implements BlockSource {
        @Override
        public byte[] get(Cid cid) throws IOException {
            if (stall.get()) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            return inner.get(cid);
        }

        @Override
        public boolean has(Cid cid) throws IOException {
            return inner.has(cid);
        }
    }

    private PolicyEngine warmerPolicy() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("warmup-home"));
        Files.createDirectories(home.resolve("policies"));
        Files.writeString(home.resolve("policies").resolve("warm.hcl"), OtherUser.rule("*", "read", "list"));
        Files.writeString(home.resolve("identities.hcl"), OtherUser.identity(WARMER, "warm"));
        return PolicyEngine.load(home, CidSpelling.RULES);
    }

    private static AuditLog open(Path file) throws Exception {
        AuditOptions o = AuditOptions.forLog(file, true);
        return AuditLog.open(file, new AuditOptions(o.logRaw(), o.hmacSalt(), SyncPolicy.OS_BUFFERED));
    }
}
