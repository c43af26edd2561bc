package dev.vipfs.fs.write;

import java.io.IOException;

/** A write or truncate that would make a file larger than {@link WritableNamespace#MAX_FILE_SIZE} (EFBIG). */
public final class FileTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    public FileTooLargeException(String message) {
        super(message);
    }
}
