package dev.vipfs.ipfs.unixfs.codec;

import java.io.IOException;

/** Malformed UnixFS or dag-pb content; the message names the block and what is wrong. */
public class UnixfsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** With a message a user can act on. */
    public UnixfsFormatException(String message) {
        super(message);
    }
}
