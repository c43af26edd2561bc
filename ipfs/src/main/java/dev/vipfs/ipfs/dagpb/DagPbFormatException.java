package dev.vipfs.ipfs.dagpb;

import java.io.IOException;

/** Bytes are not a valid dag-pb block under the strict IPLD dag-pb rules. */
public class DagPbFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** With a message saying what is wrong. */
    public DagPbFormatException(String message) {
        super(message);
    }
}
