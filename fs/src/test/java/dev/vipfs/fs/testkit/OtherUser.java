package dev.vipfs.fs.testkit;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs a shell script as another uid (setpriv, no supplementary groups), as an attacker on the machine would. */
public final class OtherUser {
    /** Exit code and merged stdout/stderr. */
    public record Run(int code, String out) { }

    private OtherUser() { }

    public static Run as(int uid, String script) throws Exception {
        Process p = new ProcessBuilder("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "sh", "-c", script)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("as uid " + uid + ": '" + script + "' did not finish in 30 s; output: " + out);
        }
        return new Run(p.exitValue(), out);
    }

    /** One HCL path rule. */
    public static String rule(String path, String... caps) {
        return "path \"" + path + "\" {\n  capabilities = [\"" + String.join("\", \"", caps) + "\"]\n}\n";
    }

    /** One identity binding of a uid to a policy. */
    public static String identity(int uid, String policy) {
        return "identity \"uid:" + uid + "\" {\n  policies = [\"" + policy + "\"]\n}\n";
    }
}
