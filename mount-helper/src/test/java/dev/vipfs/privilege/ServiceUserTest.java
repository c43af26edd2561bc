package dev.vipfs.privilege;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Issue #15.5: the service user is resolved by the C library, not by reading /etc/passwd. */
class ServiceUserTest {
    @Test
    void aUserKnownOnlyToTheNameServiceResolves() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to write /run/userdb");
        try (UserDb db = new UserDb("vipfs-nss-svc", 64_555, "vipfs-nss-grp", 64_556)) {
            assumeTrue(!UserDb.getent("passwd", db.user).isEmpty(), "nss-systemd (userdb drop-ins) is not configured");
            assertFalse(Files.readString(Path.of("/etc/passwd")).contains(db.user));
            ServiceUser u = ServiceUser.lookup(db.user);
            assertEquals(new ServiceUser(db.user, db.uid, db.gid), u);
            assertEquals(db.user, ServiceUser.byUid(db.uid).orElseThrow().name());
            assertEquals(db.gid, ServiceUser.lookup(Integer.toString(db.uid)).gid(), "a numeric uid takes the account's group");
        }
    }

    @Test
    void agreesWithGetentAndExplainsAnUnknownName() throws Exception {
        for (String name : new String[] {"root", "nobody"}) {
            String[] f = UserDb.getent("passwd", name).split(":");
            ServiceUser u = ServiceUser.lookup(name);
            assertEquals(Integer.parseInt(f[2]), u.uid(), name);
            assertEquals(Integer.parseInt(f[3]), u.gid(), name);
        }
        IOException e = assertThrows(IOException.class, () -> ServiceUser.lookup("no-such-vipfs-user-15"));
        assertTrue(e.getMessage().contains("no such user 'no-such-vipfs-user-15'"), e.getMessage());
        assertTrue(ServiceUser.byUid(2_000_000_123).isEmpty());
        assertEquals(new ServiceUser("4321:99", 4321, 99), ServiceUser.lookup("4321:99"));
    }
}
