package dev.vipfs.fs.write;

import java.time.Instant;

/**
 * chmod and utimensat on a file whose content is not committed yet (created and still open, or
 * written since its last commit): the commit records them with the content, so a `cp -p` that sets
 * times before it closes, or an empty file touched before its first release, keeps them.
 */
final class PendingAttributes {
    private volatile int mode = -1;
    private volatile Instant mtime;
    private volatile Instant atime;
    /** When the file got its current name while uncommitted: its parent directory changed then. */
    private volatile Instant named;

    int mode() {
        return mode;
    }

    Instant mtime() {
        return mtime;
    }

    Instant atime() {
        return atime;
    }

    Instant named() {
        return named;
    }

    void named(Instant t) {
        named = t;
    }

    void set(int newMode, Instant newMtime, Instant newAtime) {
        if (newMode >= 0) {
            mode = newMode;
        }
        if (newMtime != null) {
            mtime = newMtime;
        }
        if (newAtime != null) {
            atime = newAtime;
        }
    }

    /** A write changes the content, so the time it has is the write's, not one set before it. */
    void written() {
        if (mtime != null) {
            mtime = null;
        }
    }
}
