package dev.vipfs.policy.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;

/**
 * An append-only, hash-chained audit trail: one JSON object per line ({@link AuditEventFormat}), each
 * carrying a sequence number and the hash of the previous line ({@link ChainedLine}). {@link #record}
 * returns only after the line is written (and forced, per {@link SyncPolicy}); if it throws, the caller
 * must refuse the audited operation. Follows its path across rotations ({@link ChainLink}). Thread-safe.
 */
public final class AuditLog implements AutoCloseable {
    private final Path file;
    private final AuditOptions options;
    private final AuditEventFormat format;
    private final PathWatch watch; // guarded by this
    private FileChannel channel;   // replaced by reopen (guarded by this)
    private Object fileKey;        // identity of the file the channel writes (guarded by this)
    private long generation;       // counts reopens, so a force knows which file its offset is in
    private final Object forceLock = new Object();
    private long seq;
    private String prevHash;
    private boolean closed;
    private long written;          // end offset of the last line written (guarded by this)
    private long size;             // the file's length as this log left it, where the next line goes (guarded by this)
    private long forced;           // end offset known to be on the device (guarded by forceLock)
    private long forcedGeneration; // the file that offset is in (guarded by forceLock)

    private AuditLog(Path file, AuditOptions options, AuditEventFormat format, PathWatch watch, LogTail tail) {
        this.file = file;
        this.options = options;
        this.format = format;
        this.watch = watch;
        this.channel = tail.channel();
        this.fileKey = tail.fileKey();
        this.seq = tail.seq();
        this.prevHash = tail.prevHash();
        this.size = tail.size();
    }

    /**
     * Opens (creating if needed) a log for appending, continuing its chain. A trailing partial line
     * (a write interrupted by a crash, never acknowledged) is cut off; a damaged last line is an error.
     */
    public static AuditLog open(Path file, AuditOptions options) throws AuditException {
        Objects.requireNonNull(options, "options");
        AuditEventFormat format = new AuditEventFormat(options); // a bad salt fails before the file is opened
        PathWatch watch = PathWatch.armed(file); // before the open, so a rename right after it is seen
        try {
            return new AuditLog(file, options, format, watch, LogTail.open(file));
        } catch (AuditException | RuntimeException e) {
            watch.close();
            throw e;
        }
    }

    /**
     * Appends one event; returns only when it is written (and forced, per {@link SyncPolicy}).
     * Throws if it could not be, and the caller must then refuse the operation. Concurrent callers
     * share one force (group commit), so a multi-threaded mount does not pay one fsync per lookup.
     */
    public void record(AuditEvent event) throws AuditException {
        recordAll(List.of(event));
    }

    /**
     * Appends events as consecutive lines in one write, as {@link #record} appends one: all are
     * written, or none is and this throws. One request's lines (a decision and the decryption it
     * allowed) thereby cost one rotation check and one write.
     */
    public void recordAll(List<AuditEvent> events) throws AuditException {
        if (events.isEmpty()) {
            return;
        }
        long end;
        long gen;
        synchronized (this) {
            if (closed) {
                throw new AuditException("audit log " + file + " is closed");
            }
            ensureSameFile();
            end = append(events);
            gen = generation;
        }
        if (options.sync() == SyncPolicy.EVERY_RECORD) {
            force(gen, end);
        }
    }

    /** Writes events as sealed lines with the next sequence numbers; returns the file offset after them. */
    private long append(List<AuditEvent> events) throws AuditException {
        long nextSeq = seq;
        String head = prevHash;
        StringBuilder lines = new StringBuilder(events.size() * 512);
        for (AuditEvent e : events) {
            String sealed = ChainedLine.seal(format.json(Objects.requireNonNull(e, "event"), ++nextSeq, head));
            head = ChainedLine.hashOfSealed(sealed);
            lines.append(sealed).append('\n');
        }
        long end = write(lines.toString());
        seq = nextSeq;
        prevHash = head;
        return end;
    }

    /** Writes one sealed line with the next sequence number; returns the file offset after it. */
    private long append(String jsonWithPrev) throws AuditException {
        String sealed = ChainedLine.seal(jsonWithPrev);
        long end = write(sealed + "\n");
        seq++;
        prevHash = ChainedLine.hashOfSealed(sealed);
        return end;
    }

    /** Writes whole lines where the last one ended; on failure cuts what was written and throws. */
    private long write(String lines) throws AuditException {
        assert Thread.holdsLock(this);
        ByteBuffer buf = ByteBuffer.wrap(lines.getBytes(StandardCharsets.UTF_8));
        // This log is the file's only writer (a second mount of the home is refused, and
        // copytruncate is unsupported, docs/policy.md), so the line goes where the last one ended:
        // one pwrite, without an fstat and an lseek per line.
        long before = size;
        try {
            while (buf.hasRemaining()) {
                channel.write(buf, before + buf.position());
            }
        } catch (IOException e) {
            // Cut the half-written lines so the chain stays verifiable and later records can continue.
            try {
                channel.truncate(before);
            } catch (IOException ignored) {
                // open() cuts a trailing partial line next time.
            }
            throw new AuditException("cannot write audit log " + file + ": " + AuditException.describe(e), e);
        }
        long end = before + buf.limit();
        written = end;
        size = end;
        return end;
    }

    /** Forces the file up to at least {@code end}; whoever forces covers every line written before it. */
    private void force(long gen, long end) throws AuditException {
        synchronized (forceLock) {
            if (forcedGeneration > gen || (forcedGeneration == gen && forced >= end)) {
                return;
            }
            long target;
            long targetGeneration;
            FileChannel ch;
            synchronized (this) {
                target = written;
                targetGeneration = generation;
                ch = channel;
                if (targetGeneration != gen) {
                    return; // reopen forced the file this line went to before closing it
                }
            }
            try {
                ch.force(false);
            } catch (java.nio.channels.ClosedChannelException swapped) {
                // A reopen forced and closed this file meanwhile: the line is on the device.
                return;
            } catch (IOException e) {
                // The line is in the file but may not survive a power loss; refuse the operation anyway.
                throw new AuditException("cannot sync audit log " + file + ": " + AuditException.describe(e), e);
            }
            forced = target;
            forcedGeneration = targetGeneration;
        }
    }

    /**
     * Lines go to the file at the log's path: when it was moved away (logrotate) or replaced, the log
     * is reopened there before the next line, so a rotation never leaves the mount failing. The path
     * is looked at only when its watch saw one of its names change; the watch is armed again first.
     */
    private void ensureSameFile() throws AuditException {
        if (!watch.changed()) {
            return;
        }
        watch.arm();
        if (!pathStillOpen()) {
            reopenLocked();
        }
    }

    /** Whether the path still names the open file (same device and inode). */
    private boolean pathStillOpen() throws AuditException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() && (fileKey == null || fileKey.equals(a.fileKey()));
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new AuditException("cannot check audit log " + file + ": " + AuditException.describe(e), e);
        }
    }

    /**
     * Starts writing the file now at the log's path (SIGHUP / systemctl reload after logrotate). A no-op
     * while the path still names the open file. An empty or new file starts a new chain whose first line
     * links it to the previous file's head ({@link ChainLink}); a non-empty one continues its own chain.
     */
    public synchronized void reopen() throws AuditException {
        if (closed) {
            throw new AuditException("audit log " + file + " is closed");
        }
        if (!pathStillOpen()) {
            reopenLocked();
        }
    }

    private void reopenLocked() throws AuditException {
        FileChannel old = channel;
        long oldSeq = seq;
        String oldHead = prevHash;
        if (Files.isSymbolicLink(file)) {
            throw new AuditException("audit log " + file + " was replaced by a symbolic link; refusing to follow it");
        }
        LogTail t;
        try {
            t = LogTail.open(file);
        } catch (AuditException e) {
            throw new AuditException("audit log " + file + " was moved away and cannot be reopened (" + e.getMessage()
                    + "); with logrotate use 'create 0600 SERVICEUSER SERVICEUSER', see docs/policy.md", e);
        }
        try {
            old.force(false);
            old.close();
        } catch (IOException e) {
            // The old file is no longer written; what reached it is all it gets.
        }
        channel = t.channel();
        fileKey = t.fileKey();
        seq = t.seq();
        prevHash = t.prevHash();
        size = t.size();
        generation++;
        written = 0;
        if (seq == 0) {
            append(ChainLink.json(seq + 1, prevHash, oldSeq, oldHead));
        }
    }

    /** The HMAC form a sensitive value takes in this log, to search for a path without logging it raw. */
    public String hash(String sensitiveValue) {
        return format.hash(sensitiveValue);
    }

    public Path file() {
        return file;
    }

    /** How far each record is forced before {@link #record} returns. */
    public SyncPolicy sync() {
        return options.sync();
    }

    @Override
    public void close() throws AuditException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            watch.close();
            try {
                channel.close();
            } catch (IOException e) {
                throw new AuditException("cannot close audit log " + file + ": " + AuditException.describe(e), e);
            }
        }
    }

    /**
     * Checks the whole chain: each line's own hash, consecutive sequence numbers from 1, and each
     * line's link to the previous one. Reports the first line that fails.
     */
    public static AuditVerification verify(Path file) {
        return ChainVerifier.verify(file);
    }
}
