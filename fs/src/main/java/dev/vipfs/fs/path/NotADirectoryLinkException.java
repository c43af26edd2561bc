package dev.vipfs.fs.path;

import java.io.IOException;

/** A path that walks through something that is not a directory. */
public final class NotADirectoryLinkException extends IOException {
    private static final long serialVersionUID = 1L;

    public NotADirectoryLinkException(String message) {
        super(message);
    }
}
