package dev.vipfs.ipfs.http;

import java.io.IOException;

/** A server sent more than the caller's bound allows (a block larger than any block, an endless error). */
public class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    /** With a message naming what was too large and the bound. */
    public BodyTooLargeException(String message) {
        super(message);
    }
}
