package dev.vipfs.fs.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.policy.PolicyEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A uid with read-only capabilities gets EACCES for every change to MOUNT/data, through the kernel. */
class PolicyWriteTest {
    static final int READER = 65534;

    @TempDir
    Path tmp;

    private static Result as(int uid, String script) throws Exception {
        Process p = new ProcessBuilder("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "sh", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    private record Result(int rc, String out) { }

    private static void denied(Result r, String what) {
        assertTrue(r.rc() != 0 && r.out().contains("Permission denied"), what + " should be EACCES: " + r);
    }

    @Test
    void readOnlyUidCannotCreateOverwriteOrDelete() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to mount with allow_other and switch uid");
        Path home = Files.createDirectories(tmp.resolve("home"));
        for (Path p : new Path[] {tmp, home}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
        }
        Path policies = Files.createDirectories(home.resolve("policies"));
        Files.writeString(policies.resolve("owner.hcl"),
                "path \"*\" {\n  capabilities = [\"create\", \"read\", \"update\", \"delete\", \"list\"]\n}\n");
        Files.writeString(policies.resolve("reader.hcl"),
                "path \"*\" {\n  capabilities = [\"read\", \"list\"]\n}\n");
        Files.writeString(home.resolve("identities.hcl"),
                "identity \"uid:0\" {\n  policies = [\"owner\"]\n}\n"
                        + "identity \"uid:" + READER + "\" {\n  policies = [\"reader\"]\n}\n");
        try (WriteFixture fx = new WriteFixture(home)) {
            Files.setPosixFilePermissions(fx.mountpoint, PosixFilePermissions.fromString("rwxr-xr-x"));
            fx.mount(PolicyEngine.load(home));
            Files.createDirectories(fx.data("d"));
            Files.writeString(fx.data("d/shared.txt"), "owner wrote this\n");
            String d = fx.data("d").toString();

            Result read = as(READER, "cat " + d + "/shared.txt");
            assertEquals(new Result(0, "owner wrote this\n"), read, "reading stays allowed");
            denied(as(READER, "echo x > " + d + "/new.txt"), "create");
            denied(as(READER, "echo x > " + d + "/shared.txt"), "overwrite");
            denied(as(READER, "echo x >> " + d + "/shared.txt"), "append");
            denied(as(READER, "rm " + d + "/shared.txt"), "unlink");
            denied(as(READER, "mkdir " + d + "/sub"), "mkdir");
            denied(as(READER, "mv " + d + "/shared.txt " + d + "/moved.txt"), "rename");
            assertEquals("owner wrote this\n", Files.readString(fx.data("d/shared.txt")));
            assertEquals(1, fx.ns.catalog().get("d/shared.txt").orElseThrow().versions().size());
            assertTrue(Files.readString(fx.auditFile).contains("\"deny\""), "denials are audited");
        }
    }
}
