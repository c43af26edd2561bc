package dev.vipfs.exit;

/** Every exit status the vipfs command uses, in one place. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** The operation failed (missing content, integrity or I/O failure, mount failure). */
    public static final int FAILED = 1;
    /** Bad input: unknown option, invalid CID, missing file, unusable mountpoint. */
    public static final int USAGE = 2;
    /** Access refused: policy denial or no private key. */
    public static final int DENIED = 3;
    /** Privilege drop or mount initialisation failed. */
    public static final int INIT_FAILED = dev.vipfs.fs.fuse.VipfsFuse.INIT_FAILED_EXIT;

    private ExitCodes() { }
}
