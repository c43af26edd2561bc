package dev.vipfs.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the vipfs command in-process, capturing what it prints. */
final class CliRunner {
    /** Exit code and captured streams of one run. */
    record Result(int code, String out, String err) { }

    private CliRunner() { }

    /** Runs the command, asserts it exited 0 (its stderr in the message) and returns its trimmed stdout. */
    static String ok(String... args) {
        Result r = run(args);
        org.junit.jupiter.api.Assertions.assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
        return r.out().trim();
    }

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            System.out.flush();
            System.err.flush();
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
