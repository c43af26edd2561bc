package dev.vipfs.policy.audit;

/** The audit trail could not be written or opened; the caller must refuse the operation being audited. */
public class AuditException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuditException(String message) {
        super(message);
    }

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
