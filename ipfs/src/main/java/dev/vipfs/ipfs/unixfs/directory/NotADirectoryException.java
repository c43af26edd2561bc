package dev.vipfs.ipfs.unixfs.directory;

import java.io.IOException;

/** A directory operation was applied to a node that is not a UnixFS directory. */
public class NotADirectoryException extends IOException {
    private static final long serialVersionUID = 1L;

    /** With a message a user can act on. */
    public NotADirectoryException(String message) {
        super(message);
    }
}
