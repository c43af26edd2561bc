package dev.vipfs.privilege;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A user and a group that exist only as systemd-userdb drop-ins in /run/userdb (resolved by
 * nss-systemd), never in /etc/passwd or /etc/group: proof that a lookup goes through the name service.
 */
public final class UserDb implements AutoCloseable {
    private static final Path DIR = Path.of("/run/userdb");
    public final String user;
    public final String group;
    public final int uid;
    public final int gid;
    private final List<Path> files;

    public UserDb(String user, int uid, String group, int gid) throws Exception {
        this.user = user;
        this.uid = uid;
        this.group = group;
        this.gid = gid;
        Files.createDirectories(DIR);
        String u = "{\"userName\":\"" + user + "\",\"uid\":" + uid + ",\"gid\":" + gid
                + ",\"homeDirectory\":\"/nonexistent\",\"shell\":\"/usr/sbin/nologin\"}\n";
        String g = "{\"groupName\":\"" + group + "\",\"gid\":" + gid + "}\n";
        files = List.of(DIR.resolve(user + ".user"), DIR.resolve(uid + ".user"),
                DIR.resolve(group + ".group"), DIR.resolve(gid + ".group"));
        Files.writeString(files.get(0), u);
        Files.writeString(files.get(1), u);
        Files.writeString(files.get(2), g);
        Files.writeString(files.get(3), g);
    }

    /** What getent says, or "" when the name service does not know the name. */
    public static String getent(String db, String key) throws Exception {
        Process p = new ProcessBuilder("getent", db, key).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return p.waitFor() == 0 ? out : "";
    }

    @Override
    public void close() throws Exception {
        for (Path f : files) {
            Files.deleteIfExists(f);
        }
    }
}
