package dev.vipfs.cli;

import dev.vipfs.libc.Libc;

/** isatty(3): progress output is for a person at a terminal, not for a pipe or a log. */
final class Tty {
    /** Standard error's descriptor. */
    private static final int STDERR = 2;

    private Tty() {
    }

    /** True if standard error is a terminal; false when that cannot be told. */
    static boolean stderrIsTerminal() {
        try {
            return Libc.C != null && Libc.C.isatty(STDERR) == 1;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
