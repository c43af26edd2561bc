package dev.vipfs.policy.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * An audit file opened for appending, positioned at its end, with the head of its chain (seq 0 and
 * {@link ChainedLine#GENESIS} when empty). Opening cuts a trailing partial line (a write interrupted
 * by a crash, never acknowledged) and refuses a damaged last line.
 *
 * @param fileKey identity (device and inode) of the file opened, to notice when the path names another
 * @param size the file's length once a partial last line is cut: where the next line goes
 */
record LogTail(FileChannel channel, Object fileKey, long seq, String prevHash, long size) {
    private static final int TAIL_CHUNK = 8192;

    /** Opens (creating if needed, mode 0600) the plain file at {@code file} and reads its chain head. */
    static LogTail open(Path file) throws AuditException {
        FileChannel ch = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent);
            }
            if (Files.isDirectory(file)) {
                throw new AuditException("audit log " + file + " is a directory");
            }
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                PrivateFile.create(file);
            }
            // Never through a link, and only into a plain file: the log may sit in a directory its
            // (unprivileged) writer shares with others, and a FIFO would hang the mount's start.
            ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            BasicFileAttributes opened = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!opened.isRegularFile()) {
                throw new AuditException("audit log " + file + " is not a plain file (a link, FIFO or device is in its place)");
            }
            Object key = opened.fileKey();
            String last = lastCompleteLine(ch);
            long seq = 0;
            String prev = ChainedLine.GENESIS;
            if (last != null) {
                prev = ChainedLine.checkedHash(last);
                JsonNode n = ChainedLine.record(last);
                if (prev == null || n == null || !n.path("seq").canConvertToLong()) {
                    throw new AuditException("the last line of audit log " + file + " is damaged; run verify and move"
                            + " the log aside before mounting");
                }
                seq = n.get("seq").asLong();
            }
            long size = ch.size();
            ch.position(size);
            return new LogTail(ch, key, seq, prev, size);
        } catch (AuditException e) {
            closeQuietly(ch);
            throw e;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new AuditException("cannot open audit log " + file + ": " + AuditException.describe(e), e);
        }
    }

    /** Reads the last newline-terminated line, truncating any partial line after it. */
    private static String lastCompleteLine(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) {
            return null;
        }
        // Find the end of the last complete line.
        long end = lastNewlineBefore(ch, size);
        if (end < 0) {
            ch.truncate(0);
            return null;
        }
        if (end + 1 < size) {
            ch.truncate(end + 1);
            ch.force(true);
        }
        long start = lastNewlineBefore(ch, end) + 1;
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, end - start));
        while (buf.hasRemaining() && ch.read(buf, start + buf.position()) >= 0) {
            // keep reading until the whole line is in
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    /** Offset of the last '\n' strictly before {@code limit}, or -1. */
    private static long lastNewlineBefore(FileChannel ch, long limit) throws IOException {
        long pos = limit;
        ByteBuffer buf = ByteBuffer.allocate(TAIL_CHUNK);
        while (pos > 0) {
            int len = (int) Math.min(TAIL_CHUNK, pos);
            pos -= len;
            buf.clear().limit(len);
            while (buf.hasRemaining()) {
                if (ch.read(buf, pos + buf.position()) < 0) {
                    break;
                }
            }
            for (int i = buf.position() - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return pos + i;
                }
            }
        }
        return -1;
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Already failing; the original error is what matters.
            }
        }
    }
}
