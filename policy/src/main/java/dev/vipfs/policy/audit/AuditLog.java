package dev.vipfs.policy.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An append-only, hash-chained audit trail: one JSON object per line, each carrying a sequence
 * number and the hash of the previous line. {@link #record} returns only after the line is written
 * (and forced, per {@link SyncPolicy}); if it throws, the caller must refuse the audited operation.
 * Thread-safe.
 */
public final class AuditLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TAIL_CHUNK = 8192;
    private static final int HMAC_MEMO = 512;

    private final Path file;
    private final AuditOptions options;
    private FileChannel channel;   // replaced by reopen (guarded by this)
    private Object fileKey;        // identity of the file the channel writes (guarded by this)
    private long generation;       // counts reopens, so a force knows which file its offset is in
    private final Mac mac;
    private final Object forceLock = new Object();
    // The HMACs of recent paths and process names: a web server names the same few in every line.
    // Only what the daemon already holds in the clear is kept, beside its HMAC (guarded by this).
    private final Map<String, String> hmacs = new LinkedHashMap<>(HMAC_MEMO, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > HMAC_MEMO;
        }
    };
    private long seq;
    private String prevHash;
    private boolean closed;
    private long written;          // end offset of the last line written (guarded by this)
    private long forced;           // end offset known to be on the device (guarded by forceLock)
    private long forcedGeneration; // the file that offset is in (guarded by forceLock)

    private AuditLog(Path file, AuditOptions options, FileChannel channel, Object fileKey, long seq, String prevHash)
            throws AuditException {
        this.file = file;
        this.options = options;
        this.channel = channel;
        this.fileKey = fileKey;
        this.seq = seq;
        this.prevHash = prevHash;
        this.mac = options.logRaw() ? null : hmac(options.hmacSalt());
    }

    private static Mac hmac(byte[] salt) throws AuditException {
        if (salt.length < 16) {
            throw new AuditException("the audit HMAC salt must be at least 16 bytes (use AuditOptions.forLog)");
        }
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(salt, "HmacSHA256"));
            return m;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new AuditException("HMAC-SHA256 unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * Opens (creating if needed) a log for appending, continuing its chain. A trailing partial line
     * (a write interrupted by a crash, never acknowledged) is cut off; a damaged last line is an error.
     */
    public static AuditLog open(Path file, AuditOptions options) throws AuditException {
        Objects.requireNonNull(options, "options");
        Tail t = openTail(file);
        return new AuditLog(file, options, t.channel(), t.fileKey(), t.seq(), t.prevHash());
    }

    /** An open log file positioned at its end, with its chain head (seq 0 and GENESIS when empty). */
    private record Tail(FileChannel channel, Object fileKey, long seq, String prevHash) { }

    private static Tail openTail(Path file) throws AuditException {
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
                JsonNode n = parse(last);
                if (prev == null || n == null || !n.path("seq").canConvertToLong()) {
                    throw new AuditException("the last line of audit log " + file + " is damaged; run verify and move"
                            + " the log aside before mounting");
                }
                seq = n.get("seq").asLong();
            }
            ch.position(ch.size());
            return new Tail(ch, key, seq, prev);
        } catch (AuditException e) {
            closeQuietly(ch);
            throw e;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new AuditException("cannot open audit log " + file + ": " + describe(e), e);
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

    /**
     * Appends one event; returns only when it is written (and forced, per {@link SyncPolicy}).
     * Throws if it could not be, and the caller must then refuse the operation. Concurrent callers
     * share one force (group commit), so a multi-threaded mount does not pay one fsync per lookup.
     */
    public void record(AuditEvent event) throws AuditException {
        Objects.requireNonNull(event, "event");
        long end;
        long gen;
        synchronized (this) {
            if (closed) {
                throw new AuditException("audit log " + file + " is closed");
            }
            ensureSameFile();
            end = append(json(event, seq + 1, prevHash));
            gen = generation;
        }
        if (options.sync() == SyncPolicy.EVERY_RECORD) {
            force(gen, end);
        }
    }

    /** Writes one sealed line with the next sequence number; returns the file offset after it. */
    private long append(String jsonWithPrev) throws AuditException {
        assert Thread.holdsLock(this);
        {
            long nextSeq = seq + 1;
            String line = ChainedLine.seal(jsonWithPrev) + "\n";
            ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            long before;
            try {
                before = channel.size();
            } catch (IOException e) {
                throw new AuditException("cannot write audit log " + file + ": " + describe(e), e);
            }
            try {
                channel.position(before);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            } catch (IOException e) {
                // Cut the half-written line so the chain stays verifiable and later records can continue.
                try {
                    channel.truncate(before);
                } catch (IOException ignored) {
                    // open() cuts a trailing partial line next time.
                }
                throw new AuditException("cannot write audit log " + file + ": " + describe(e), e);
            }
            seq = nextSeq;
            prevHash = ChainedLine.hashOfSealed(line.substring(0, line.length() - 1));
            long end = before + buf.limit();
            written = end;
            return end;
        }
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
                throw new AuditException("cannot sync audit log " + file + ": " + describe(e), e);
            }
            forced = target;
            forcedGeneration = targetGeneration;
        }
    }

    /**
     * Lines go to the file at the log's path: when it was moved away (logrotate) or replaced, the log
     * is reopened there before the next line, so a rotation never leaves the mount failing.
     */
    private void ensureSameFile() throws AuditException {
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
            throw new AuditException("cannot check audit log " + file + ": " + describe(e), e);
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
        Tail t;
        try {
            t = openTail(file);
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
        generation++;
        written = 0;
        if (seq == 0) {
            append(ChainLink.json(seq + 1, prevHash, oldSeq, oldHead));
        }
    }

    // Written field by field: a Map through ObjectMapper costs a serializer lookup per value and was
    // a quarter of a web server's open (docs/benchmarks.md, issue #16); the line is the same.
    private String json(AuditEvent e, long nextSeq, String prev) throws AuditException {
        StringWriter out = new StringWriter(384);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("seq", nextSeq);
            g.writeStringField("time", e.time().toString());
            g.writeStringField("op", e.operation());
            put(g, "decision", e.decision());
            put(g, "path", sensitive(e.path()));
            put(g, "alias_of", sensitive(e.aliasOf()));
            put(g, "cid", e.cid());
            put(g, "uid", e.uid());
            put(g, "gid", e.gid());
            put(g, "pid", e.pid());
            put(g, "process", sensitive(e.processName()));
            put(g, "policy", e.policy());
            put(g, "rule", e.rule());
            put(g, "key_id", e.keyId());
            put(g, "key_version", e.keyVersion());
            put(g, "reason", e.reason());
            g.writeStringField("prev", prev);
            g.writeEndObject();
        } catch (IOException ex) {
            throw new AuditException("cannot encode audit event: " + ex.getMessage(), ex);
        }
        return out.toString();
    }

    private static void put(JsonGenerator g, String k, String v) throws IOException {
        if (v != null) {
            g.writeStringField(k, v);
        }
    }

    private static void put(JsonGenerator g, String k, Number v) throws IOException {
        if (v != null) {
            g.writeNumberField(k, v.longValue());
        }
    }

    /** HMAC-SHA256 of a sensitive string with the device salt, in Vault's "hmac-sha256:" form. */
    private String sensitive(String s) {
        if (s == null || mac == null) {
            return s;
        }
        // mac and the memo are only used under this log's lock.
        String h = hmacs.get(s);
        if (h == null) {
            h = "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(s.getBytes(StandardCharsets.UTF_8)));
            hmacs.put(s, h);
        }
        return h;
    }

    /** The HMAC form a sensitive value takes in this log, to search for a path without logging it raw. */
    public String hash(String sensitiveValue) {
        synchronized (this) {
            return mac == null ? sensitiveValue : sensitive(sensitiveValue);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws AuditException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                channel.close();
            } catch (IOException e) {
                throw new AuditException("cannot close audit log " + file + ": " + describe(e), e);
            }
        }
    }

    /**
     * Checks the whole chain: each line's own hash, consecutive sequence numbers from 1, and each
     * line's link to the previous one. Reports the first line that fails.
     */
    public static AuditVerification verify(Path file) {
        long n = 0;
        String prev = ChainedLine.GENESIS;
        boolean endsWithNewline;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            if (len == 0) {
                return new AuditVerification(true, 0, 0, null, prev);
            }
            raf.seek(len - 1);
            endsWithNewline = raf.read() == '\n';
        } catch (IOException e) {
            return new AuditVerification(false, 0, 1, "cannot read " + file + ": " + describe(e), null);
        }
        try (InputStream in = Files.newInputStream(file);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            String pending = r.readLine();
            while ((line = pending) != null) {
                pending = r.readLine();
                n++;
                if (pending == null && !endsWithNewline) {
                    return bad(n, "line is incomplete (a write was interrupted)");
                }
                String hash = ChainedLine.checkedHash(line);
                if (hash == null) {
                    return bad(n, ChainedLine.statedHash(line) == null ? "line is not a sealed audit record"
                            : "line content does not match its hash (edited)");
                }
                JsonNode node = parse(line);
                if (node == null || !node.path("seq").canConvertToLong()) {
                    return bad(n, "line is not a valid audit record");
                }
                long s = node.get("seq").asLong();
                if (s != n) {
                    return bad(n, "sequence number " + s + " where " + n + " was expected (a line was removed, inserted"
                            + " or reordered)");
                }
                if (!prev.equals(node.path("prev").asText())) {
                    return bad(n, "does not chain to the previous line (a line was removed, inserted or reordered)");
                }
                prev = hash;
            }
        } catch (IOException e) {
            return new AuditVerification(false, n, n + 1, "cannot read " + file + ": " + describe(e), null);
        }
        return new AuditVerification(true, n, 0, null, prev);
    }

    private static AuditVerification bad(long line, String problem) {
        return new AuditVerification(false, line - 1, line, problem, null);
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " (" + m + ")");
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
