package dev.vipfs.privilege;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The unprivileged account a root-started mount drops to, looked up in /etc/passwd. */
public record ServiceUser(String name, int uid, int gid) {

    /** Resolves a user name, or a numeric "uid[:gid]". */
    public static ServiceUser lookup(String spec) throws IOException {
        if (spec.matches("\\d+(:\\d+)?")) {
            String[] p = spec.split(":");
            int uid = Integer.parseInt(p[0]);
            int gid = p.length > 1 ? Integer.parseInt(p[1]) : uid;
            return new ServiceUser(spec, uid, gid);
        }
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f.length >= 4 && f[0].equals(spec)) {
                return new ServiceUser(spec, Integer.parseInt(f[2]), Integer.parseInt(f[3]));
            }
        }
        throw new IOException("no such user '" + spec + "' in /etc/passwd");
    }
}
