package dev.vipfs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.fs.alias.Alias;
import dev.vipfs.fs.alias.AliasStore;
import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.ipfs.unixfs.ImportedNode;
import dev.vipfs.policy.PolicyEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MOUNT/by-name/NAME through a real mount, attacked by other uids: an alias is one more name for
 * content, so a rule on the content's CID path still refuses what it refuses there.
 */
class AliasMountTest {
    static final int ALICE = 61101;
    static final int BOB = 61102;
    static final int EVE = 61103;

    @TempDir
    static Path tmp;
    static MountFixture fx;
    static AliasStore aliases;
    static String root;
    static String root2;
    static final String NAME = "k51qzi5uqu5dkzlwetjlia315q71il22wpmg4rklk8wcdgzg8bofsppll69atj";

    @BeforeAll
    static void mount() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to mount with allow_other and switch uids");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        fx = new MountFixture(tmp);
        root = tree("<h1>one</h1>\n");
        root2 = tree("<h1>two</h1>\n");
        aliases = new AliasStore(tmp);
        aliases.set(Alias.of("site", root));
        Path policies = Files.createDirectories(tmp.resolve("policies"));
        // alice: everything under by-name/, but the tree's secret/ is denied under its CID.
        Files.writeString(policies.resolve("alice.hcl"), rule("by-name", "\"read\", \"list\"")
                + rule("by-name/*", "\"read\", \"list\"") + rule("ipns/*", "\"read\", \"list\"")
                + rule(CidSpelling.canonical(dev.vipfs.ipfs.cid.Cid.parse(root)) + "/secret/*", "\"deny\""));
        // bob: the alias, but every path under the CID denied: the alias must not open it up.
        Files.writeString(policies.resolve("bob.hcl"), rule("by-name", "\"read\", \"list\"")
                + rule("by-name/site/*", "\"read\", \"list\"") + rule("by-name/site", "\"read\", \"list\"")
                + rule(CidSpelling.canonical(dev.vipfs.ipfs.cid.Cid.parse(root)), "\"deny\"")
                + rule(CidSpelling.canonical(dev.vipfs.ipfs.cid.Cid.parse(root)) + "/*", "\"deny\""));
        Files.writeString(tmp.resolve("identities.hcl"), "identity \"uid:" + ALICE + "\" {\n  policies = [\"alice\"]\n}\n"
                + "identity \"uid:" + BOB + "\" {\n  policies = [\"bob\"]\n}\n");
        // The name resolver stands in for the store's (tested against real Kubo in IpnsSwarmTest):
        // here the subject is what the policy sees under ipns/, not how a record is fetched.
        fx.beforeMount = fs -> fs.serveNamed(new dev.vipfs.fs.named.NamedRoots(aliases, n -> {
            if (!n.equals(NAME)) {
                throw new dev.vipfs.ipfs.ipns.NameNotFoundException("no record for " + n);
            }
            return new dev.vipfs.ipfs.ipns.Resolution(dev.vipfs.ipfs.cid.Cid.parse(root), java.util.List.of(),
                    java.time.Duration.ofSeconds(30));
        }, fx.assembly.parts().resolver()));
        fx.mount(PolicyEngine.load(tmp, CidSpelling.RULES), MountOptions.builder().allowOther(true).build());
    }

    static String tree(String index) throws Exception {
        SortedMap<String, ImportedNode> secret = new TreeMap<>();
        secret.put("s.txt", fx.addEncrypted("secret s\n".getBytes(StandardCharsets.UTF_8)));
        SortedMap<String, ImportedNode> top = new TreeMap<>();
        top.put("secret", fx.importer.addDirectory(secret));
        top.put("index.html", fx.addEncrypted(index.getBytes(StandardCharsets.UTF_8)));
        return fx.importer.addDirectory(top).cid().toString();
    }

    static String rule(String path, String caps) {
        return "path \"" + path + "\" {\n  capabilities = [" + caps + "]\n}\n";
    }

    @AfterAll
    static void unmount() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    String site(String rel) {
        return fx.mountpoint.resolve("by-name/site").resolve(rel).toString();
    }

    @Test
    void aliasIsADirectoryThatReadsTheTree() throws Exception {
        PolicyMountTest.Run type = PolicyMountTest.as(ALICE, "stat", "-c", "%F", fx.mountpoint.resolve("by-name/site").toString());
        assertEquals("directory\n", type.out());
        assertEquals("<h1>one</h1>\n", PolicyMountTest.as(ALICE, "cat", site("index.html")).out());
        PolicyMountTest.Run ls = PolicyMountTest.as(ALICE, "ls", fx.mountpoint.resolve("by-name").toString());
        assertEquals("site\n", ls.out());
        PolicyMountTest.Run top = PolicyMountTest.as(ALICE, "ls", fx.mountpoint.toString());
        assertTrue(top.out().contains("by-name"), top.out());
    }

    @Test
    void aDenyOnTheCanonicalPathHoldsUnderTheAlias() throws Exception {
        PolicyMountTest.Run s = PolicyMountTest.as(ALICE, "cat", site("secret/s.txt"));
        assertTrue(s.code() != 0 && s.out().contains("Permission denied"), s.out());
        PolicyMountTest.Run bob = PolicyMountTest.as(BOB, "cat", site("index.html"));
        assertTrue(bob.code() != 0 && bob.out().contains("Permission denied"), bob.out());
        PolicyMountTest.Run bobLs = PolicyMountTest.as(BOB, "ls", site(""));
        assertTrue(bobLs.code() != 0 && bobLs.out().contains("Permission denied"), bobLs.out());
    }

    @Test
    void aCallerWithoutARuleSeesNothing() throws Exception {
        PolicyMountTest.Run eve = PolicyMountTest.as(EVE, "cat", site("index.html"));
        assertTrue(eve.code() != 0 && eve.out().contains("Permission denied"), eve.out());
        PolicyMountTest.Run ls = PolicyMountTest.as(EVE, "ls", fx.mountpoint.resolve("by-name").toString());
        assertTrue(ls.code() != 0 && ls.out().contains("Permission denied"), ls.out());
    }

    @Test
    void readOnly() throws Exception {
        PolicyMountTest.Run w = PolicyMountTest.as(ALICE, "sh", "-c", "echo x > " + site("new.txt"));
        assertTrue(w.code() != 0 && w.out().contains("Read-only file system"), w.out());
    }

    @Test
    void auditLinesNameTheAliasAndTheCanonicalPath() throws Exception {
        PolicyMountTest.as(ALICE, "cat", site("index.html"));
        String log = Files.readString(fx.auditFile);
        String canonical = CidSpelling.canonical(dev.vipfs.ipfs.cid.Cid.parse(root)) + "/index.html";
        assertTrue(log.contains("\"path\":\"by-name/site/index.html\",\"alias_of\":\"" + canonical + "\""), log);
    }

    @Test
    void retargetingIsSeenByTheRunningMount() throws Exception {
        aliases.set(Alias.of("other", root));
        try {
            assertEquals("<h1>one</h1>\n", PolicyMountTest.as(ALICE, "cat",
                    fx.mountpoint.resolve("by-name/other/index.html").toString()).out());
            new AliasStore(tmp).set(Alias.of("other", root2));
            assertEquals("<h1>two</h1>\n", PolicyMountTest.as(ALICE, "cat",
                    fx.mountpoint.resolve("by-name/other/index.html").toString()).out());
        } finally {
            aliases.remove("other");
        }
        PolicyMountTest.Run gone = PolicyMountTest.as(ALICE, "cat", fx.mountpoint.resolve("by-name/other/index.html").toString());
        assertTrue(gone.code() != 0 && gone.out().contains("No such file"), gone.out());
    }

    @Test
    void anIpnsNameIsDecidedLikeAnAlias() throws Exception {
        String base = fx.mountpoint.resolve("ipns").resolve(NAME).toString();
        assertEquals("<h1>one</h1>\n", PolicyMountTest.as(ALICE, "cat", base + "/index.html").out());
        PolicyMountTest.Run s = PolicyMountTest.as(ALICE, "cat", base + "/secret/s.txt");
        assertTrue(s.code() != 0 && s.out().contains("Permission denied"), s.out());
        PolicyMountTest.Run eve = PolicyMountTest.as(EVE, "cat", base + "/index.html");
        assertTrue(eve.code() != 0 && eve.out().contains("Permission denied"), eve.out());
        // Refused before resolution: a caller without a grant cannot make the mount ask the network
        // (an unknown name would otherwise answer ENOENT).
        PolicyMountTest.Run probe = PolicyMountTest.as(EVE, "ls",
                fx.mountpoint.resolve("ipns/k51qzi5uqu5dhhzstvalit87njhu267xxifst0zfnbmhjqho6zj1xxcbttjuxz").toString());
        assertTrue(probe.code() != 0 && probe.out().contains("Permission denied"), probe.out());
        PolicyMountTest.Run unknown = PolicyMountTest.as(ALICE, "ls",
                fx.mountpoint.resolve("ipns/k51qzi5uqu5dhhzstvalit87njhu267xxifst0zfnbmhjqho6zj1xxcbttjuxz").toString());
        assertTrue(unknown.code() != 0 && unknown.out().contains("No such file"), unknown.out());
        String log = Files.readString(fx.auditFile);
        assertTrue(log.contains("\"path\":\"ipns/" + NAME + "/index.html\",\"alias_of\":\""
                + CidSpelling.canonical(dev.vipfs.ipfs.cid.Cid.parse(root)) + "/index.html\""), log);
    }

    @Test
    void anAliasCanFollowAnIpnsName() throws Exception {
        aliases.set(Alias.of("live", "/ipns/" + NAME));
        try {
            assertEquals("<h1>one</h1>\n", PolicyMountTest.as(ALICE, "cat",
                    fx.mountpoint.resolve("by-name/live/index.html").toString()).out());
        } finally {
            aliases.remove("live");
        }
    }
}
