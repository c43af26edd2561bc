package dev.vipfs.ipfs.ipns;

import java.io.IOException;

/** No record for the name could be found (never published, or not reachable from this node). */
public class NameNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    public NameNotFoundException(String message) {
        super(message);
    }
}
