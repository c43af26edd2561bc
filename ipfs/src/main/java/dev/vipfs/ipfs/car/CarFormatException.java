package dev.vipfs.ipfs.car;

import java.io.IOException;

/** A CAR stream is malformed: truncated, garbage, oversized sections or an unsupported version. */
public class CarFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public CarFormatException(String message) {
        super(message);
    }

    public CarFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
