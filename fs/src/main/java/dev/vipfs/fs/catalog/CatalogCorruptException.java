package dev.vipfs.fs.catalog;

import java.io.IOException;

/** The catalogue's snapshot or journal is damaged somewhere other than a torn last line. */
public final class CatalogCorruptException extends IOException {
    private static final long serialVersionUID = 1L;

    public CatalogCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}
