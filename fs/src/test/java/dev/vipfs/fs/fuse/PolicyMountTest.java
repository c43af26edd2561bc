package dev.vipfs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.policy.PolicyEngine;
import dev.vipfs.policy.audit.AuditLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vault-style policies enforced by a real mount for real uids, and the audit trail they leave. */
class PolicyMountTest {
    static final int ALICE = 61001;
    static final int BOB = 61002;
    static final int WEB = 61003;

    @TempDir
    static Path tmp;
    static MountFixture fx;
    static String root;

    @BeforeAll
    static void mount() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to mount with allow_other and switch uids");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        fx = new MountFixture(tmp);
        SortedMap<String, ImportedNode> docs = new TreeMap<>();
        docs.put("a.txt", fx.addEncrypted("public a\n".getBytes(StandardCharsets.UTF_8)));
        SortedMap<String, ImportedNode> secret = new TreeMap<>();
        secret.put("s.txt", fx.addEncrypted("secret s\n".getBytes(StandardCharsets.UTF_8)));
        SortedMap<String, ImportedNode> top = new TreeMap<>();
        top.put("docs", fx.importer.addDirectory(docs));
        top.put("secret", fx.importer.addDirectory(secret));
        top.put("index.html", fx.addEncrypted("<h1>hi</h1>\n".getBytes(StandardCharsets.UTF_8)));
        root = fx.importer.addDirectory(top).cid().toString();
        Path policies = Files.createDirectories(tmp.resolve("policies"));
        Files.writeString(policies.resolve("tree.hcl"), "path \"" + root + "\" {\n  capabilities = [\"read\", \"list\"]\n}\n"
                + "path \"" + root + "/*\" {\n  capabilities = [\"read\", \"list\"]\n}\n"
                + "path \"" + root + "/secret\" {\n  capabilities = [\"deny\"]\n}\n"
                + "path \"" + root + "/secret/*\" {\n  capabilities = [\"deny\"]\n}\n");
        Files.writeString(policies.resolve("web.hcl"), "path \"" + root + "/*\" {\n  capabilities = [\"read\"]\n}\n");
        Files.writeString(tmp.resolve("identities.hcl"), "identity \"uid:" + ALICE + "\" {\n  policies = [\"tree\"]\n}\n"
                + "identity \"uid:" + WEB + "\" {\n  policies = [\"web\"]\n}\n");
        fx.mount(PolicyEngine.load(tmp, CidSpelling.RULES), MountOptions.builder().allowOther(true).build());
    }

    @AfterAll
    static void unmount() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    record Run(int code, String out) { }

    static Run as(int uid, String... cmd) throws Exception {
        String[] full = new String[cmd.length + 4];
        full[0] = "setpriv";
        full[1] = "--reuid=" + uid;
        full[2] = "--regid=" + uid;
        full[3] = "--clear-groups";
        System.arraycopy(cmd, 0, full, 4, cmd.length);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    String path(String rel) {
        return fx.mountpoint.resolve(root).resolve(rel).toString();
    }

    @Test
    void permittedUserListsAndReadsOtherUserIsDenied() throws Exception {
        Run ls = as(ALICE, "ls", fx.mountpoint.resolve(root).toString());
        assertEquals(0, ls.code(), ls.out());
        assertTrue(ls.out().contains("docs") && ls.out().contains("index.html"), ls.out());
        assertEquals("public a\n", as(ALICE, "cat", path("docs/a.txt")).out());
        Run bob = as(BOB, "cat", path("docs/a.txt"));
        assertTrue(bob.code() != 0 && bob.out().contains("Permission denied"), bob.out());
        Run bobLs = as(BOB, "ls", fx.mountpoint.resolve(root).toString());
        assertTrue(bobLs.code() != 0 && bobLs.out().contains("Permission denied"), bobLs.out());
    }

    @Test
    void denyHidesExactlyThatSubtree() throws Exception {
        Run s = as(ALICE, "cat", path("secret/s.txt"));
        assertTrue(s.code() != 0 && s.out().contains("Permission denied"), s.out());
        Run ls = as(ALICE, "ls", path("secret"));
        assertTrue(ls.code() != 0 && ls.out().contains("Permission denied"), ls.out());
        assertEquals("<h1>hi</h1>\n", as(ALICE, "cat", path("index.html")).out());
    }

    @Test
    void readOnlyPolicyReadsButCannotList() throws Exception {
        assertEquals("<h1>hi</h1>\n", as(WEB, "cat", path("index.html")).out());
        Run ls = as(WEB, "ls", path("docs"));
        assertTrue(ls.code() != 0 && ls.out().contains("Permission denied"), ls.out());
    }

    @Test
    void decisionsAreInAVerifiableAuditTrail() throws Exception {
        as(ALICE, "cat", path("docs/a.txt"));
        as(BOB, "cat", path("docs/a.txt"));
        String log = Files.readString(fx.auditFile);
        assertTrue(log.contains("\"uid\":" + ALICE) && log.contains("\"uid\":" + BOB), "both callers audited");
        assertTrue(log.contains("deny"), "denials audited");
        assertTrue(AuditLog.verify(fx.auditFile).valid(), "chain intact");
        assertFalse(log.contains("public a"), "no plaintext content in the audit trail");
    }
}
