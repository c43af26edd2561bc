package dev.vipfs.cli;

import jnr.ffi.LibraryLoader;

/** isatty(3) from libc: progress output is for a person at a terminal, not for a pipe or a log. */
public interface Tty {
    /** Standard error's descriptor. */
    int STDERR = 2;

    int isatty(int fd);

    /** True if standard error is a terminal; false when that cannot be told. */
    static boolean stderrIsTerminal() {
        try {
            return LibraryLoader.create(Tty.class).load("c").isatty(STDERR) == 1;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
