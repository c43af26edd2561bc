package dev.vipfs.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/** Test helpers: a service uid without an account, a shell as that uid, and what root's canaries look like. */
final class AsServiceUser {
    /** No account has it, so nothing else on the machine owns files as it. */
    static final int UID = 64_321;

    private AsServiceUser() { }

    /** Runs a bash script as UID (no groups); returns its exit code and output. */
    static Process start(String script, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups",
                "bash", "-c", script).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
    }

    static String run(String script, Map<String, String> env) throws Exception {
        Process p = start(script, env);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** A root file with a known owner, mode and content, in a directory only root may enter. */
    static Path canary(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path p = dir.resolve(name);
        Files.writeString(p, "root's secret " + name + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    /** owner:group mode content of a canary (or "missing"), for before/after comparisons. */
    static String describe(Path p) throws Exception {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return "missing";
        }
        Map<String, Object> a = Files.readAttributes(p, "unix:uid,gid,mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return a.get("uid") + ":" + a.get("gid") + " " + Integer.toOctalString((Integer) a.get("mode"))
                + " " + Files.readString(p);
    }

    /** Makes dir traversable (not readable) by others, the way a service home's path must be. */
    static void traversable(List<Path> dirs) throws Exception {
        for (Path d : dirs) {
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx--x--x"));
        }
    }
}
