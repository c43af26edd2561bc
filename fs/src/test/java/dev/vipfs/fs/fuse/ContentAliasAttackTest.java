package dev.vipfs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static dev.vipfs.fs.testkit.OtherUser.as;
import static dev.vipfs.fs.testkit.OtherUser.identity;
import static dev.vipfs.fs.testkit.OtherUser.rule;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.fs.content.EnvelopeLayout;
import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multibase;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.unixfs.codec.FileLink;
import dev.vipfs.ipfs.unixfs.importer.FileChild;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import dev.vipfs.fs.testkit.OtherUser.Run;
import dev.vipfs.policy.PolicyEngine;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #14, classes 1, 2, 5, 6 and 7 through a real mount, as other uids: a deny on a tree's
 * subtree holds for the same content reached under another root, an identity CID, a forged
 * envelope or another spelling of the CID; listings hide what lookups refuse; the kernel's caches
 * answer no caller on another's behalf. Every check is on content: the secret never appears.
 */
class ContentAliasAttackTest {
    static final int ALICE = 61011;   // "+/*" read and list, the secret subtree denied
    static final int OUTSIDER = 61012; // bound to nothing
    static final int OWNER = 61013;   // everything
    static final String SECRET = "TOPSECRET-7f3a";
    static final String PLAIN_SECRET = "PLAINSECRET-91c";

    @TempDir
    static Path tmp;
    static MountFixture fx;
    static PolicyEngine engine;
    static Cid tree;
    static Cid secretFile;
    static Cid secretDir;
    static Cid plainSecret;
    static Cid attackerRoot;

    @BeforeAll
    static void mount() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to mount with allow_other and switch uids");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        fx = new MountFixture(tmp);
        SortedMap<String, ImportedNode> docs = new TreeMap<>();
        docs.put("a.txt", fx.addEncrypted("public a\n".getBytes(StandardCharsets.UTF_8)));
        SortedMap<String, ImportedNode> secret = new TreeMap<>();
        ImportedNode s = fx.addEncrypted((SECRET + "\n").getBytes(StandardCharsets.UTF_8));
        ImportedNode p = fx.importer.addFile(new ByteArrayInputStream((PLAIN_SECRET + "\n").getBytes(StandardCharsets.UTF_8)));
        secret.put("s.txt", s);
        secret.put("plain.txt", p);
        ImportedNode secretNode = fx.importer.addDirectory(secret);
        SortedMap<String, ImportedNode> top = new TreeMap<>();
        top.put("docs", fx.importer.addDirectory(docs));
        top.put("secret", secretNode);
        tree = fx.importer.addDirectory(top).cid();
        secretFile = s.cid();
        secretDir = secretNode.cid();
        plainSecret = p.cid();
        fx.catalog.record("tree", tree, true);
        attackerRoot = attackerTree(s, secretNode, p);

        Path policies = Files.createDirectories(tmp.resolve("policies"));
        // The deny rules are written with the CIDv0 spelling the importer printed; the mount decides
        // on the canonical CIDv1, so they must still govern it.
        Files.writeString(policies.resolve("glob.hcl"), rule("+", "read", "list") + rule("+/*", "read", "list")
                + rule(tree + "/secret", "deny") + rule(tree + "/secret/*", "deny"));
        Files.writeString(policies.resolve("owner.hcl"), rule("*", "read", "list"));
        Files.writeString(tmp.resolve("identities.hcl"), identity(ALICE, "glob") + identity(OWNER, "owner"));
        engine = PolicyEngine.load(tmp, CidSpelling.RULES);
        fx.mount(engine, MountOptions.builder().allowOther(true).build());
    }

    /** A root of the attacker's own, in the store but never catalogued, that links the secret under other names. */
    private static Cid attackerTree(ImportedNode s, ImportedNode secretDirNode, ImportedNode plain) throws Exception {
        List<FileLink> env = new UnixfsReader(fx.store).stat(s.cid()).fileLinks();
        ImportedNode header = new ImportedNode(env.get(0).cid(), env.get(0).blocksize(), env.get(0).blocksize());
        ImportedNode payload = new ImportedNode(env.get(1).cid(), env.get(1).blocksize(), env.get(1).blocksize());
        // The same header and payload under a new file node (another CID for the same envelope).
        ImportedNode forged = fx.importer.addFileNode(List.of(new FileChild(EnvelopeLayout.HEADER_LINK, header),
                new FileChild("renamed-payload", payload)));
        // A header of the attacker's own, sealed to the node's public key, paired with the secret payload.
        ImportedNode own = fx.addEncrypted(new byte[SECRET.length() + 1]);
        List<FileLink> ownEnv = new UnixfsReader(fx.store).stat(own.cid()).fileLinks();
        ImportedNode ownHeader = new ImportedNode(ownEnv.get(0).cid(), ownEnv.get(0).blocksize(), ownEnv.get(0).blocksize());
        ImportedNode paired = fx.importer.addFileNode(List.of(new FileChild(EnvelopeLayout.HEADER_LINK, ownHeader),
                new FileChild(EnvelopeLayout.PAYLOAD_LINK, payload)));
        SortedMap<String, ImportedNode> mine = new TreeMap<>();
        mine.put("x", s);
        mine.put("d", secretDirNode);
        mine.put("p", plain);
        mine.put("forged", forged);
        mine.put("paired", paired);
        mine.put("innocent", fx.addEncrypted("attacker's own\n".getBytes(StandardCharsets.UTF_8)));
        return fx.importer.addDirectory(mine).cid();
    }

    @AfterAll
    static void unmount() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    static String at(String root, String rel) {
        return "'" + fx.mountpoint.resolve(root) + (rel.isEmpty() ? "" : "/" + rel) + "'";
    }

    static void noSecret(Run r) {
        assertFalse(r.out().contains(SECRET) || r.out().contains(PLAIN_SECRET), "secret leaked: " + r.out());
    }

    @Test
    void theOwnerAndTheGrantedPathsStillRead() throws Exception {
        assertEquals(SECRET + "\n", as(OWNER, "cat " + at(tree.toString(), "secret/s.txt")).out());
        assertEquals("public a\n", as(ALICE, "cat " + at(tree.toString(), "docs/a.txt")).out());
        assertEquals("attacker's own\n", as(ALICE, "cat " + at(attackerRoot.toString(), "innocent")).out());
    }

    @Test
    void theSecretUnderTheAttackersOwnRootIsRefused() throws Exception {
        String root = attackerRoot.toString();
        for (String rel : List.of("x", "d/s.txt", "d/plain.txt", "p", "forged", "paired")) {
            Run r = as(ALICE, "cat " + at(root, rel));
            noSecret(r);
            assertNotEquals(0, r.code(), rel + ": " + r.out());
        }
        Run ls = as(ALICE, "ls " + at(root, "d"));
        assertNotEquals(0, ls.code(), ls.out());
        assertFalse(ls.out().contains("s.txt"), ls.out());
    }

    @Test
    void anIdentityCidRootThatNoRuleNamesDoesNotExist() throws Exception {
        MemoryBlockstore scratch = new MemoryBlockstore();
        UnixfsImporter imp = new UnixfsImporter(scratch, ImportOptions.kuboDefault());
        SortedMap<String, ImportedNode> one = new TreeMap<>();
        one.put("x", new ImportedNode(secretFile, 1, 1));
        Cid dir = imp.addDirectory(one).cid();
        byte[] block = scratch.get(dir);
        assertTrue(block.length <= Multihash.MAX_IDENTITY_LENGTH, "fits an identity CID: " + block.length);
        Cid inline = Cid.v1(Multicodec.DAG_PB, Multihash.identity(block));
        Run r = as(ALICE, "cat " + at(inline.toString(), "x") + "; ls " + at(inline.toString(), ""));
        noSecret(r);
        assertTrue(r.out().contains("No such file"), r.out());
    }

    @Test
    void otherSpellingsOfTheCidAreNotNamesOrAreDecidedAsTheCanonicalOne() throws Exception {
        byte[] v1 = tree.toV1().toBytes();
        for (String spelling : List.of(Multibase.BASE32_UPPER.encodeWithPrefix(v1), Multibase.BASE58BTC.encodeWithPrefix(v1),
                Multibase.BASE36.encodeWithPrefix(v1), Multibase.BASE16.encodeWithPrefix(v1), " " + tree, tree + "\t")) {
            Run r = as(ALICE, "cat " + at(spelling, "secret/s.txt"));
            noSecret(r);
            assertTrue(r.out().contains("No such file"), spelling + ": " + r.out());
        }
        // Qm… and bafy… both name the tree; the rules (written as Qm…) decide both.
        for (String spelling : List.of(tree.toString(), tree.toV1().toString())) {
            Run r = as(ALICE, "cat " + at(spelling, "secret/s.txt"));
            noSecret(r);
            assertTrue(r.out().contains("Permission denied"), spelling + ": " + r.out());
            assertEquals("public a\n", as(ALICE, "cat " + at(spelling, "docs/a.txt")).out());
        }
    }

    @Test
    void listingsShowOnlyWhatTheCallerMayLookUp() throws Exception {
        Run ls = as(ALICE, "ls " + at(tree.toString(), ""));
        assertEquals(0, ls.code(), ls.out());
        assertTrue(ls.out().contains("docs"), ls.out());
        assertFalse(ls.out().contains("secret"), ls.out());
        Run mine = as(ALICE, "ls " + at(attackerRoot.toString(), ""));
        assertEquals(0, mine.code(), mine.out());
        assertTrue(mine.out().contains("innocent"), mine.out());
        for (String hidden : List.of("x", "d", "p", "forged", "paired")) {
            assertFalse(mine.out().lines().anyMatch(hidden::equals), hidden + " listed: " + mine.out());
        }
        Run top = as(ALICE, "ls " + fx.mountpoint);
        assertTrue(top.out().contains(tree.toV1().toString()), "the root listing shows canonical names: " + top.out());
    }

    @Test
    void whatOneCallerLookedUpAnswersNoOtherCaller() throws Exception {
        String a = at(tree.toString(), "docs/a.txt");
        assertEquals(0, as(ALICE, "stat " + a + " && cat " + a).code());
        Run other = as(OUTSIDER, "stat " + a + "; cat " + a);
        assertTrue(other.out().contains("Permission denied") && !other.out().contains("public a"), other.out());
        Run owner = as(OWNER, "stat " + at(tree.toString(), "secret/s.txt"));
        assertEquals(0, owner.code(), owner.out());
        Run after = as(ALICE, "stat " + at(tree.toString(), "secret/s.txt"));
        assertTrue(after.out().contains("Permission denied"), after.out());
    }

    @Test
    void accessAnswersFromThePolicyNotFromModeBits() throws Exception {
        String a = at(tree.toString(), "docs/a.txt");
        String s = at(tree.toString(), "secret/s.txt");
        String script = "for f in " + a + " " + s + "; do test -r \"$f\" && echo R || echo r; test -w \"$f\" && echo W || echo w; done";
        assertEquals("R\nw\nr\nw\n", as(ALICE, script).out());
        assertEquals("R\nw\nR\nw\n", as(OWNER, script).out());
        assertEquals("r\nw\nr\nw\n", as(OUTSIDER, script).out());
    }

    @Test
    void aRevokedGrantStopsAnsweringAtOnce() throws Exception {
        Path extra = tmp.resolve("policies/temp.hcl");
        Files.writeString(tmp.resolve("identities.hcl"), identity(ALICE, "glob") + identity(OWNER, "owner")
                + identity(OUTSIDER, "temp"));
        Files.writeString(extra, rule(tree.toV1() + "/docs/*", "read") + rule(tree.toV1().toString(), "read"));
        engine.reload();
        String a = at(tree.toString(), "docs/a.txt");
        assertEquals("public a\n", as(OUTSIDER, "cat " + a).out());
        Files.writeString(tmp.resolve("identities.hcl"), identity(ALICE, "glob") + identity(OWNER, "owner"));
        Files.delete(extra);
        engine.reload();
        Run r = as(OUTSIDER, "stat " + a + "; cat " + a);
        assertTrue(r.out().contains("Permission denied") && !r.out().contains("public a"), r.out());
    }
}
