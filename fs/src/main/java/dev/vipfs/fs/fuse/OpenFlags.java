package dev.vipfs.fs.fuse;

/** The open(2) flags the FUSE ops look at, as Linux numbers them (FUSE passes them through). */
final class OpenFlags {
    static final int O_ACCMODE = 3;
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_TRUNC = 01000;

    private OpenFlags() {
    }

    /** The access mode part of flags: O_RDONLY, O_WRONLY or O_RDWR. */
    static int accessMode(int flags) {
        return flags & O_ACCMODE;
    }
}
