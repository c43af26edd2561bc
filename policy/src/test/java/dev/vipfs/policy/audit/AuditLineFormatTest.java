package dev.vipfs.policy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vipfs.policy.Caller;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit line is written field by field (issue #16): byte for byte what the earlier
 * Map-through-ObjectMapper encoding wrote, with the same HMACs whether or not a path was seen before.
 */
class AuditLineFormatTest {
    @TempDir
    Path dir;

    private static final Instant T = Instant.parse("2026-12-06T09:00:00.123456Z");

    private static AuditEvent full(String path, String reason) {
        return AuditEvent.builder().time(T).operation("read").path(path).aliasOf("by-name/site/\"q\"")
                .cid("bafyX").caller(new Caller(1000, 1001, new int[] {33}, 4_294_967_296L, "ng\u00efnx\t"))
                .decision("deny").policy("p\\1").rule("bafy/*").keyId("k1").keyVersion(2).reason(reason).build();
    }

    /** The earlier encoding, kept here as the reference. */
    private static String reference(AuditEvent e, long seq, String prev, Mac mac) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("time", e.time().toString());
        m.put("op", e.operation());
        put(m, "decision", e.decision());
        put(m, "path", hmac(mac, e.path()));
        put(m, "alias_of", hmac(mac, e.aliasOf()));
        put(m, "cid", e.cid());
        put(m, "uid", e.uid());
        put(m, "gid", e.gid());
        put(m, "pid", e.pid());
        put(m, "process", hmac(mac, e.processName()));
        put(m, "policy", e.policy());
        put(m, "rule", e.rule());
        put(m, "key_id", e.keyId());
        put(m, "key_version", e.keyVersion());
        put(m, "reason", e.reason());
        m.put("prev", prev);
        return ChainedLine.seal(new ObjectMapper().writeValueAsString(m));
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static String hmac(Mac mac, String s) {
        if (s == null || mac == null) {
            return s;
        }
        return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(s.getBytes(StandardCharsets.UTF_8)));
    }

    private void sameLines(boolean raw) throws Exception {
        Path file = dir.resolve(raw ? "raw.log" : "hashed.log");
        AuditOptions options = AuditOptions.forLog(file, raw);
        List<AuditEvent> events = List.of(full("bafy/a \u00e9\n.txt", "why \"not\""), full("bafy/a \u00e9\n.txt", null),
                AuditEvent.builder().time(T).operation("getattr").build(), full("bafy/b", "\u0001"));
        try (AuditLog log = AuditLog.open(file, options)) {
            for (AuditEvent e : events) {
                log.record(e);
            }
        }
        Mac mac = null;
        if (!raw) {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(options.hmacSalt(), "HmacSHA256"));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(events.size(), lines.size());
        String prev = ChainedLine.GENESIS;
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(reference(events.get(i), i + 1, prev, mac), lines.get(i));
            prev = ChainedLine.statedHash(lines.get(i));
        }
        assertTrue(AuditLog.verify(file).valid());
    }

    @Test
    void hashedLinesAreWhatTheMapEncodingWrote() throws Exception {
        sameLines(false);
    }

    @Test
    void rawLinesAreWhatTheMapEncodingWrote() throws Exception {
        sameLines(true);
    }

    @Test
    void timesAreWhatInstantToStringWrites() throws Exception {
        AuditEventFormat format = new AuditEventFormat(AuditOptions.forLog(dir.resolve("t.log"), true));
        java.util.Random rnd = new java.util.Random(16);
        List<Instant> times = new java.util.ArrayList<>(List.of(T, Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999Z"),
                Instant.parse("+10000-01-01T00:00:00.000001Z"), Instant.parse("2026-12-06T09:00:00.100Z"),
                Instant.parse("2026-12-06T09:00:00.000000001Z"), Instant.parse("2026-12-06T09:00:00Z")));
        for (int i = 0; i < 10_000; i++) {
            long second = 1_700_000_000L + rnd.nextInt(4); // repeats, so the kept prefix is used and replaced
            int nano = switch (i % 4) {
                case 0 -> rnd.nextInt(1000) * 1_000_000;
                case 1 -> rnd.nextInt(1_000_000) * 1_000;
                case 2 -> rnd.nextInt(10) == 0 ? 0 : rnd.nextInt(10) * 100;
                default -> rnd.nextInt(1_000_000_000);
            };
            times.add(Instant.ofEpochSecond(second, nano));
        }
        synchronized (format) {
            for (Instant t : times) {
                assertEquals(t.toString(), format.time(t));
            }
        }
    }
}
