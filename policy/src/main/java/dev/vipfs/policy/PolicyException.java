package dev.vipfs.policy;

/** Policies or identity bindings could not be loaded; the message names the file and the problem. */
public class PolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
