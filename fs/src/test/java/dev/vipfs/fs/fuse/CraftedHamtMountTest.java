package dev.vipfs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.unixfs.directory.CraftedHamt;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import dev.vipfs.policy.PolicyEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14, class 9 through a real mount: a user who may only list points {@code ls} at HAMTs
 * crafted to list as billions of entries; each fails with EIO at once and the mount goes on serving.
 */
class CraftedHamtMountTest {
    static final int MALLORY = 61011;
    /** Far below what listing 1024^4 entries (or running out of heap doing it) takes. */
    static final long PROMPT_MILLIS = 10_000;

    @TempDir
    static Path tmp;
    static MountFixture fx;
    static String root;

    @BeforeAll
    static void mount() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to mount with allow_other and switch uids");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        fx = new MountFixture(tmp, true);
        CraftedHamt crafted = new CraftedHamt(fx.store);
        Cid leaf = crafted.file("x");
        SortedMap<String, ImportedNode> top = new TreeMap<>();
        top.put("a.txt", fx.addEncrypted("legitimate a\n".getBytes(StandardCharsets.UTF_8)));
        top.put("big", legitimateHamt());
        top.put("fan-in", new ImportedNode(crafted.fanIn(3, leaf), 120_000, 0));
        top.put("shared", new ImportedNode(sharedSubshard(crafted, leaf), 1_000, 0));
        root = fx.importer.addDirectory(top).cid().toString();
        Path policies = Files.createDirectories(tmp.resolve("policies"));
        Files.writeString(policies.resolve("tree.hcl"), "path \"" + root + "\" {\n  capabilities = [\"read\", \"list\"]\n}\n"
                + "path \"" + root + "/*\" {\n  capabilities = [\"read\", \"list\"]\n}\n");
        Files.writeString(tmp.resolve("identities.hcl"), "identity \"uid:" + MALLORY + "\" {\n  policies = [\"tree\"]\n}\n");
        fx.mount(PolicyEngine.load(tmp, dev.vipfs.fs.names.CidSpelling.RULES), MountOptions.builder().allowOther(true).build());
    }

    /** A HAMT as Kubo shards it: 1,000 entries over a 1,000-byte threshold. */
    private static ImportedNode legitimateHamt() throws Exception {
        UnixfsImporter imp = new UnixfsImporter(fx.store, ImportOptions.kuboDefault().withHamtThreshold(1000));
        ImportedNode x = imp.addLeaf("x".getBytes(StandardCharsets.US_ASCII));
        SortedMap<String, ImportedNode> entries = new TreeMap<>();
        for (int i = 0; i < 1000; i++) {
            entries.put("f" + i, x);
        }
        return imp.addDirectory(entries);
    }

    /** Entries placed where their hashes lead, so only the subshard reached from every slot is wrong. */
    private static Cid sharedSubshard(CraftedHamt crafted, Cid leaf) throws Exception {
        List<PbLink> bottom = new ArrayList<>();
        for (String n : CraftedHamt.namesOnPath("e", 256, 1, 0, 0)) {
            bottom.add(PbLink.of(leaf, CraftedHamt.prefix(256, CraftedHamt.slot(n, 256, 2)) + n, 1));
        }
        Cid below = crafted.shard(256, bottom);
        Cid middle = crafted.shard(256, CraftedHamt.everySlotTo(256, below));
        return crafted.shard(256, CraftedHamt.everySlotTo(256, middle));
    }

    @AfterAll
    static void unmount() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    record Run(int code, String out, long millis) { }

    static Run as(int uid, String... cmd) throws Exception {
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups"));
        full.addAll(List.of(cmd));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "command did not finish: " + full);
        return new Run(p.exitValue(), out, (System.nanoTime() - start) / 1_000_000);
    }

    static String path(String rel) {
        return fx.mountpoint.resolve(root).resolve(rel).toString();
    }

    private static void assertFailsPromptlyWithEio(Run r) {
        assertNotEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("Input/output error"), r.out());
        assertTrue(r.millis() < PROMPT_MILLIS, "took " + r.millis() + " ms");
    }

    private static void assertStillServes() throws Exception {
        assertEquals("legitimate a\n", as(MALLORY, "cat", path("a.txt")).out());
        Run big = as(MALLORY, "ls", path("big"));
        assertEquals(0, big.code(), big.out());
        assertEquals(1000, big.out().lines().count());
        Run top = as(MALLORY, "ls", fx.mountpoint.resolve(root).toString());
        assertEquals(List.of("a.txt", "big", "fan-in", "shared"), top.out().lines().toList());
    }

    @Test
    void listingTheFanInHamtFailsWithEioAndTheMountStillServes() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertFailsPromptlyWithEio(as(MALLORY, "ls", path("fan-in")));
        }
        assertStillServes();
    }

    @Test
    void listingAHamtThatReachesOneSubshardTwiceFailsWithEioAndTheMountStillServes() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertFailsPromptlyWithEio(as(MALLORY, "ls", path("shared")));
        }
        assertStillServes();
    }

    @Test
    void lookupsThroughCraftedHamtsAnswerPromptly() throws Exception {
        Run r = as(MALLORY, "stat", path("fan-in/entry-1"), path("shared/e-1"));
        assertNotEquals(0, r.code(), r.out());
        assertTrue(r.millis() < PROMPT_MILLIS, "took " + r.millis() + " ms");
        assertStillServes();
    }
}
