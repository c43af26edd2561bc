package dev.vipfs.fs.mount;

/** A mountpoint that cannot be used, with the reason in words. */
public final class MountpointException extends Exception {
    private static final long serialVersionUID = 1L;

    public MountpointException(String message) {
        super(message);
    }
}
