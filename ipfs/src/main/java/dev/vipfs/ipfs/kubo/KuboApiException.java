package dev.vipfs.ipfs.kubo;

import java.io.IOException;

/** The Kubo RPC API refused or failed a request; carries the HTTP status and Kubo's own message. */
public class KuboApiException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public KuboApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status Kubo answered with. */
    public int status() {
        return status;
    }
}
