package dev.vipfs.policy.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #15.5: identity names resolve through the C library (NSS), so non-file accounts bind policies too. */
class UnixAccountsTest {
    @TempDir
    Path tmp;

    @Test
    void resolvesAccountsTheNameServiceKnowsBeyondEtcPasswd() throws Exception {
        Path dir = Path.of("/run/userdb");
        assumeTrue(Files.isWritable(dir.getParent()), "needs root to write /run/userdb");
        Files.createDirectories(dir);
        String u = "{\"userName\":\"vipfs-nss-alice\",\"uid\":64601,\"gid\":64602}\n";
        String g = "{\"groupName\":\"vipfs-nss-staff\",\"gid\":64602}\n";
        List<Path> files = List.of(dir.resolve("vipfs-nss-alice.user"), dir.resolve("64601.user"),
                dir.resolve("vipfs-nss-staff.group"), dir.resolve("64602.group"));
        try {
            Files.writeString(files.get(0), u);
            Files.writeString(files.get(1), u);
            Files.writeString(files.get(2), g);
            Files.writeString(files.get(3), g);
            assumeTrue(!getent("passwd", "vipfs-nss-alice").isEmpty(), "nss-systemd (userdb drop-ins) is not configured");
            assertTrue(!Files.readString(Path.of("/etc/group")).contains("vipfs-nss-staff"));
            UnixAccounts accounts = UnixAccounts.system();
            assertEquals(OptionalInt.of(64601), accounts.uid("vipfs-nss-alice"));
            assertEquals(OptionalInt.of(64602), accounts.gid("vipfs-nss-staff"));
            IdentityBindings b = IdentityBindings.parse("identity \"user:vipfs-nss-alice\" {\n  policies = [\"a\"]\n}\n"
                    + "identity \"group:vipfs-nss-staff\" {\n  policies = [\"s\"]\n}\n", accounts);
            assertTrue(b.warnings().isEmpty(), b.warnings().toString());
        } finally {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        }
    }

    @Test
    void agreesWithGetentAndKnowsNothingOfUnknownNames() throws Exception {
        UnixAccounts accounts = UnixAccounts.system();
        assertEquals(OptionalInt.of(0), accounts.uid("root"));
        assertEquals(OptionalInt.of(0), accounts.gid("root"));
        String nogroup = getent("group", "nogroup");
        if (!nogroup.isEmpty()) {
            assertEquals(OptionalInt.of(Integer.parseInt(nogroup.split(":")[2])), accounts.gid("nogroup"));
        }
        assertEquals(OptionalInt.empty(), accounts.uid("no-such-vipfs-user-15"));
        assertEquals(OptionalInt.empty(), accounts.gid("no-such-vipfs-group-15"));
    }

    private static String getent(String db, String key) throws Exception {
        Process p = new ProcessBuilder("getent", db, key).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 ? out : "";
    }
}
