package dev.vipfs.fs.fuse;

import jnr.ffi.Pointer;

/**
 * What a mount asks of the kernel in its FUSE INIT reply, written into libfuse 2.9's
 * {@code struct fuse_conn_info} before libfuse sends it (its fields as unsigned ints at fixed offsets).
 * What that struct cannot carry (parallel directory operations) is added to the reply itself by
 * {@link InitReplyChannel}.
 */
final class ConnectionInit {
    private static final int MAX_READAHEAD_AT = 16;
    private static final int CAPABLE_AT = 20;
    private static final int WANT_AT = 24;
    private static final int CAP_ATOMIC_O_TRUNC = 1 << 3;
    /** No cap from the daemon: the kernel keeps the smaller of this and the mount's read_ahead_kb. */
    private static final int MAX_READAHEAD = 16 << 20;

    private ConnectionInit() {
    }

    /**
     * A writable mount takes O_TRUNC with the open where the kernel offers it: otherwise the kernel
     * turns open(O_TRUNC) into truncate+open, which would commit an empty intermediate version and
     * need a private key to reopen it.
     */
    static void wantAtomicTruncate(Pointer conn) {
        if ((conn.getInt(CAPABLE_AT) & CAP_ATOMIC_O_TRUNC) != 0) {
            conn.putInt(WANT_AT, conn.getInt(WANT_AT) | CAP_ATOMIC_O_TRUNC);
        }
    }

    /**
     * libfuse answers with the read-ahead the kernel offered (128 KiB), which the kernel then imposes
     * on the mount; the mount's own read_ahead_kb (KernelReadAhead) is to decide instead.
     */
    static void uncapReadAhead(Pointer conn) {
        conn.putInt(MAX_READAHEAD_AT, MAX_READAHEAD);
    }
}
