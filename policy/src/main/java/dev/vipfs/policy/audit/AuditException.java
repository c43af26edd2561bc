package dev.vipfs.policy.audit;

import java.io.IOException;

/** The audit trail could not be written or opened; the caller must refuse the operation being audited. */
public class AuditException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuditException(String message) {
        super(message);
    }

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An I/O failure as audit messages name it: its type, and its message when it has one. */
    static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
    }
}
