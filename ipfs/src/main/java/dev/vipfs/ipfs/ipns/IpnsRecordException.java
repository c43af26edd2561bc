package dev.vipfs.ipfs.ipns;

import java.io.IOException;

/** An IPNS record that must not be used: malformed, badly signed, signed by another key, or expired. */
public class IpnsRecordException extends IOException {
    private static final long serialVersionUID = 1L;

    public IpnsRecordException(String message) {
        super(message);
    }

    public IpnsRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
