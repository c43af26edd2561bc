package dev.vipfs.cli;

import dev.vipfs.exit.UserException;

import dev.vipfs.fs.content.ContentReader;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The bytes {@code cat --offset/--length} select, counted over the whole output as {@code ipfs cat}
 * counts them when given several files: the offset may skip past whole files, the length may end
 * inside one. Only the selected bytes are read (and decrypted).
 */
final class ByteWindow {
    private long skip;
    private long left;

    ByteWindow(long offset, Long length) throws UserException {
        if (offset < 0) {
            throw new UserException("--offset must not be negative, got " + offset);
        }
        if (length != null && length < 0) {
            throw new UserException("--length must not be negative, got " + length);
        }
        this.skip = offset;
        this.left = length == null ? Long.MAX_VALUE : length;
    }

    /** Whether more bytes are wanted; once false, no further file needs opening. */
    boolean wantsMore() {
        return left > 0;
    }

    /** Writes this file's part of the window to {@code out}. */
    void copy(ContentReader reader, OutputStream out) throws IOException {
        long size = reader.size();
        if (skip >= size) {
            skip -= size;
            return;
        }
        long pos = skip;
        skip = 0;
        byte[] buf = new byte[1 << 20];
        while (left > 0) {
            int n = reader.read(pos, buf, 0, (int) Math.min(buf.length, left));
            if (n <= 0) {
                break;
            }
            out.write(buf, 0, n);
            pos += n;
            left -= n;
        }
    }
}
