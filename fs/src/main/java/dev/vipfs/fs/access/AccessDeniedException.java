package dev.vipfs.fs.access;

import java.io.IOException;

/** The policy refused an operation. */
public final class AccessDeniedException extends IOException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(message);
    }
}
