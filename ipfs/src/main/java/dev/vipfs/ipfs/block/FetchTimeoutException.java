package dev.vipfs.ipfs.block;

import java.io.IOException;

/**
 * A block source gave no complete answer within the time a fetch may take, retries and other
 * gateways included. The source may be hung rather than absent: the block is not known to be
 * missing, and a later read may succeed.
 */
public class FetchTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;

    /** With a message that names what was fetched from where, and the bound that passed. */
    public FetchTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
