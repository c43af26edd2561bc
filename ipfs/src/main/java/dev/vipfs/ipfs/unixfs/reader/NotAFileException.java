package dev.vipfs.ipfs.unixfs.reader;

import java.io.IOException;

/** A file operation was applied to a node that is not a UnixFS file. */
public class NotAFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** With a message a user can act on. */
    public NotAFileException(String message) {
        super(message);
    }
}
