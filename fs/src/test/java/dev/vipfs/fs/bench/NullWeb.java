package dev.vipfs.fs.bench;

import dev.vipfs.fs.fuse.SessionLoop;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.audit.AuditEvent;
import dev.vipfs.policy.audit.AuditException;
import dev.vipfs.policy.audit.AuditLog;
import dev.vipfs.policy.audit.AuditOptions;
import dev.vipfs.policy.audit.SyncPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseContext;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/**
 * The floor under nginx serving from vipfs (issue #16, row 5): a jnr-fuse filesystem on vipfs's
 * mount options (timeouts as {@code vipfs mount} sets them: 1 s, 0 with allow_other; kernel_cache;
 * keep_cache on every open) that serves the plain files of one directory from memory and does
 * nothing else per request: no policy, audit, resolution or decryption. It answers the callbacks
 * a web server's open/fstat/sendfile/close reaches (getattr, open, read, flush, release), so what a
 * request costs here is what the JVM + jnr-fuse + libfuse 2 transport costs.
 *
 * <p>The files sit one directory down, in {@code /site/}, as vipfs serves them under
 * {@code /<cid>/}: a request walks the same number of names. {@code /.ops} reads back how many of each callback arrived (itself costing one lookup, open,
 * read, flush and release), for ops-per-request figures.
 *
 * <p>With {@code --audit FILE} it also does the one thing vipfs's security model requires of every
 * open (docs/security.md, "Audit before access"): before answering, it appends the two lines vipfs
 * writes for a web server's open (the {@code read} decision and the {@code decrypt} it allowed,
 * same fields, HMAC'd path and process name) with vipfs's own {@link AuditLog} and default
 * {@code os_buffered} sync. That is the floor of any design that audits each open as vipfs must.
 *
 * <p>Usage: {@code NullWeb MOUNTPOINT DIR [--allow-other] [--audit FILE]}; serves until
 * {@code fusermount -u}.
 */
public final class NullWeb extends FuseStubFS {
    private static final String OPS = "/.ops";
    private static final String SITE = "/site";
    // libfuse 2.9 struct fuse_file_info: keep_cache is bit 1 of byte 20 (as fs.fuse.PageCache sets it).
    private static final int FLAGS_BYTE = 20;
    private static final int KEEP_CACHE = 0x2;

    private final Map<String, byte[]> files;
    private final Map<String, LongAdder> ops = new ConcurrentHashMap<>();
    private final AuditLog audit; // null without --audit
    private final Map<Long, String> processNames = new ConcurrentHashMap<>();

    private NullWeb(Map<String, byte[]> files, AuditLog audit) {
        this.files = files;
        this.audit = audit;
    }

    /** The open's two audit lines, as vipfs writes them for content it decrypts; false if not written. */
    private boolean audited(String path) {
        FuseContext c = getContext();
        long pid = c.pid.get();
        // vipfs names the caller's process from /proc once per pid (fs.fuse.FuseCaller); so does this.
        String process = processNames.computeIfAbsent(pid, NullWeb::processName);
        Caller caller = new Caller((int) c.uid.get(), (int) c.gid.get(), new int[0], pid, process);
        AuditEvent read = AuditEvent.builder().operation("read").path(path).caller(caller).decision("allow")
                .policy("web").rule("*").reason("granted read").build();
        AuditEvent decrypt = AuditEvent.builder().time(read.time()).operation("decrypt").path(path)
                .cid("QmSTBAt1dLLiMsm14nssyydwDDx1BjnZSNkUboHUtAWHat").caller(caller).decision("allow")
                .keyId("a54c9902330aa3659d3618aadcc60126").keyVersion(1).build();
        try {
            audit.recordAll(List.of(read, decrypt));
            return true;
        } catch (AuditException e) {
            return false;
        }
    }

    private static String processName(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private void count(String op) {
        ops.computeIfAbsent(op, k -> new LongAdder()).increment();
    }

    private byte[] content(String path) {
        if (path.equals(OPS)) {
            StringBuilder sb = new StringBuilder();
            new TreeMap<>(ops).forEach((k, v) -> sb.append(k).append(' ').append(v.sum()).append('\n'));
            return sb.toString().getBytes(StandardCharsets.US_ASCII);
        }
        return files.get(path);
    }

    @Override
    public int getattr(String path, FileStat stat) {
        count("getattr");
        if (path.equals("/") || path.equals(SITE)) {
            stat.st_mode.set(FileStat.S_IFDIR | 0555);
            stat.st_nlink.set(2);
            return 0;
        }
        byte[] data = path.equals(OPS) ? new byte[4096] : files.get(path);
        if (data == null) {
            return -ErrorCodes.ENOENT();
        }
        stat.st_mode.set(FileStat.S_IFREG | 0444);
        stat.st_nlink.set(1);
        stat.st_size.set(data.length);
        return 0;
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filter, @off_t long offset, FuseFileInfo fi) {
        count("readdir");
        filter.apply(buf, ".", null, 0);
        filter.apply(buf, "..", null, 0);
        if (path.equals("/")) {
            filter.apply(buf, SITE.substring(1), null, 0);
            return 0;
        }
        for (String name : files.keySet()) {
            filter.apply(buf, name.substring(SITE.length() + 1), null, 0);
        }
        return 0;
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        count("open");
        if (!path.equals(OPS) && !files.containsKey(path)) {
            return -ErrorCodes.ENOENT();
        }
        if (!path.equals(OPS)) {
            if (audit != null && !audited(path)) {
                return -ErrorCodes.EIO();
            }
            Pointer raw = Struct.getMemory(fi);
            raw.putByte(FLAGS_BYTE, (byte) (raw.getByte(FLAGS_BYTE) | KEEP_CACHE));
        }
        return 0;
    }

    @Override
    public int read(String path, Pointer buf, @size_t long want, @off_t long offset, FuseFileInfo fi) {
        count("read");
        byte[] data = content(path);
        if (data == null) {
            return -ErrorCodes.ENOENT();
        }
        if (offset >= data.length) {
            return 0;
        }
        int n = (int) Math.min(want, data.length - offset);
        buf.put(0, data, (int) offset, n);
        return n;
    }

    @Override
    public int flush(String path, FuseFileInfo fi) {
        count("flush");
        return 0;
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        count("release");
        return 0;
    }

    /** Served as vipfs serves: on {@link SessionLoop}'s Java worker threads, every file opened without FLUSH on close as vipfs opens content, so the floor pays what vipfs pays. */
    @Override
    public void mount(Path mountPoint, boolean blocking, boolean debug, String[] options) {
        new SessionLoop(fh -> true).serve(fuseOperations, SessionLoop.arguments("nullweb", mountPoint, debug, options));
    }

    public static void main(String[] args) throws IOException, AuditException {
        List<String> rest = new java.util.ArrayList<>(List.of(args).subList(Math.min(2, args.length), args.length));
        boolean allowOther = rest.remove("--allow-other");
        int a = rest.indexOf("--audit");
        Path auditFile = a >= 0 && a + 1 < rest.size() ? Path.of(rest.remove(a + 1)) : null;
        if (a >= 0) {
            rest.remove(a);
        }
        if (args.length < 2 || !rest.isEmpty() || (a >= 0 && auditFile == null)) {
            System.err.println("usage: NullWeb MOUNTPOINT DIR [--allow-other] [--audit FILE]");
            System.exit(2);
        }
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.list(Path.of(args[1]))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    files.put(SITE + "/" + p.getFileName(), Files.readAllBytes(p));
                }
            }
        }
        AuditLog audit = null;
        if (auditFile != null) {
            AuditOptions salted = AuditOptions.forLog(auditFile, false);
            audit = AuditLog.open(auditFile, new AuditOptions(salted.logRaw(), salted.hmacSalt(), SyncPolicy.OS_BUFFERED));
        }
        new NullWeb(files, audit).mount(Path.of(args[0]), true, false, VipfsMountOptions.fuseArgs(allowOther));
    }
}
