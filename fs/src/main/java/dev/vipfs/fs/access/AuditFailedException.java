package dev.vipfs.fs.access;

import java.io.IOException;

/** The audit trail could not record a decision, so the operation is refused. */
public final class AuditFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public AuditFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
