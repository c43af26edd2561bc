package dev.vipfs.policy.bench;

import dev.vipfs.policy.Caller;
import dev.vipfs.policy.audit.AuditEvent;
import dev.vipfs.policy.audit.AuditLog;
import dev.vipfs.policy.audit.AuditOptions;
import dev.vipfs.policy.audit.SyncPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a web server's open costs the audit trail: the held {@code read} decision and the
 * {@code decrypt} it allowed, written as one {@link AuditLog#recordAll} (two sealed lines, the
 * rotation check, one write) to a log in {@code java.io.tmpdir} (the page cache of a real file
 * system, as the daemon's home). Run: {@code bench/jmh policy}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class AuditRecordBenchmark {
    private static final String PATH = "QmVsjRN7z7PQyDwHkm8E9352xrP6fPeU22cUUUSG3Ro255/f4k";
    private static final Caller NGINX = new Caller(33, 33, new int[] {33}, 4242, "nginx");

    private Path dir;
    private AuditLog log;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("vipfs-audit-bench");
        Path file = dir.resolve("audit.log");
        AuditOptions salted = AuditOptions.forLog(file, false);
        // The daemon's default (audit_sync os_buffered): an fsync per open would be all this measured.
        log = AuditLog.open(file, new AuditOptions(salted.logRaw(), salted.hmacSalt(), SyncPolicy.OS_BUFFERED));
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        log.close();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public void webOpen() throws Exception {
        Instant now = Instant.now();
        AuditEvent read = AuditEvent.builder().time(now).operation("read").path(PATH).caller(NGINX)
                .decision("allow").policy("web").rule("*").reason("granted read").build();
        AuditEvent decrypt = AuditEvent.builder().time(now).operation("decrypt").path(PATH)
                .cid("QmSTBAt1dLLiMsm14nssyydwDDx1BjnZSNkUboHUtAWHat").caller(NGINX).decision("allow")
                .keyId("a54c9902330aa3659d3618aadcc60126").keyVersion(1).build();
        log.recordAll(List.of(read, decrypt));
    }
}
