package dev.vipfs.ipfs.unixfs.directory;

import java.io.IOException;

/** A directory listing went past its {@link DirectoryLimits}; the message names the directory and the limit. */
public class DirectoryTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    /** With a message a user can act on. */
    public DirectoryTooLargeException(String message) {
        super(message);
    }
}
