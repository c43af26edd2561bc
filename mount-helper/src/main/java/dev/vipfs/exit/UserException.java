package dev.vipfs.exit;

/** A failure caused by the user's input or setup, printed as one line without a stack trace. */
public class UserException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public UserException(String message) {
        this(message, ExitCodes.USAGE);
    }

    public UserException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
