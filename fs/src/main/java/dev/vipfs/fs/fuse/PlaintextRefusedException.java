package dev.vipfs.fs.fuse;

import java.io.IOException;

/** An unencrypted object on a mount configured to serve encrypted objects only. */
final class PlaintextRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    PlaintextRefusedException(String message) {
        super(message);
    }
}
