package dev.vipfs.fs.path;

import java.io.IOException;

/** A link name that does not exist in its directory. */
public final class NoSuchLinkException extends IOException {
    private static final long serialVersionUID = 1L;

    public NoSuchLinkException(String message) {
        super(message);
    }
}
