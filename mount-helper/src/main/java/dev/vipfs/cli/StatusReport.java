package dev.vipfs.cli;

import dev.vipfs.node.Config;
import dev.vipfs.node.MountSession;
import dev.vipfs.node.Node;

import dev.vipfs.fs.metrics.MountMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What `vipfs status` shows: built by the daemon from its counters, printed by the command. */
final class StatusReport {
    private StatusReport() { }

    static Map<String, Object> collect(MountSession session, Node node, boolean readOnly) {
        MountMetrics m = MountMetrics.global();
        Config c = node.config();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mountpoint", session.mountpoint().toString());
        r.put("home", node.home().dir().toString());
        r.put("store", c.store);
        r.put("read_only", readOnly);
        r.put("pid", ProcessHandle.current().pid());
        r.put("uptime_seconds", Duration.between(m.started(), Instant.now()).toSeconds());
        List<String> identities = new ArrayList<>();
        session.access().engine().bindings().bindings().forEach((subject, policies) ->
                identities.add(subject + " policies=" + String.join(",", policies)));
        r.put("identities", identities);
        r.put("caches", Map.of(
                "segment_cache_mib", c.segmentCacheMib,
                "segment_hits", m.segmentHits(),
                "segment_misses", m.segmentMisses(),
                "segment_hit_rate", rate(m.segmentHits(), m.segmentMisses()),
                "block_cache_mib", c.blockCacheMib,
                "block_requests", m.blockRequests(),
                "block_fetches", m.blockFetches(),
                "block_hit_rate", rate(m.blockRequests() - m.blockFetches(), m.blockFetches())));
        r.put("bytes", Map.of("read", m.bytesRead(), "decrypted", m.bytesDecrypted(), "written", m.bytesWritten()));
        r.put("decisions", Map.of("allowed", m.allowed(), "denied", m.denied()));
        r.put("errors", m.errorsByKind());
        List<Map<String, Object>> last = new ArrayList<>();
        for (MountMetrics.ErrorRecord e : m.lastErrors()) {
            last.add(Map.of("at", e.at().toString(), "operation", e.operation(), "kind", e.kind(), "reason", e.reason()));
        }
        r.put("last_errors", last);
        return r;
    }

    private static double rate(long hits, long misses) {
        long all = hits + misses;
        return all == 0 ? 0.0 : Math.round(1000.0 * hits / all) / 1000.0;
    }

    /** The human form: one fact per line. */
    @SuppressWarnings("unchecked")
    static String format(Map<String, Object> r) {
        StringBuilder b = new StringBuilder();
        b.append("mount point:  ").append(r.get("mountpoint")).append(Boolean.TRUE.equals(r.get("read_only")) ? " (read-only)" : "").append('\n');
        b.append("home:         ").append(r.get("home")).append('\n');
        b.append("store:        ").append(r.get("store")).append('\n');
        b.append("daemon:       pid ").append(r.get("pid")).append(", up ").append(uptime(((Number) r.get("uptime_seconds")).longValue())).append('\n');
        List<String> ids = (List<String>) r.get("identities");
        b.append("identities:   ").append(ids.isEmpty() ? "none bound" : String.join("; ", ids)).append('\n');
        Map<String, Object> c = (Map<String, Object>) r.get("caches");
        b.append("caches:       segments ").append(c.get("segment_cache_mib")).append(" MiB, hit rate ").append(c.get("segment_hit_rate"))
                .append("; blocks ").append(c.get("block_cache_mib")).append(" MiB, hit rate ").append(c.get("block_hit_rate"))
                .append(" (").append(c.get("block_fetches")).append(" fetched of ").append(c.get("block_requests")).append(")\n");
        Map<String, Object> by = (Map<String, Object>) r.get("bytes");
        b.append("bytes:        read ").append(by.get("read")).append(", decrypted ").append(by.get("decrypted"))
                .append(", written ").append(by.get("written")).append('\n');
        Map<String, Object> d = (Map<String, Object>) r.get("decisions");
        b.append("decisions:    allowed ").append(d.get("allowed")).append(", denied ").append(d.get("denied")).append('\n');
        Map<String, Object> errors = (Map<String, Object>) r.get("errors");
        b.append("errors:       ").append(errors.isEmpty() ? "none" : errors.toString().replaceAll("[{}]", "")).append('\n');
        for (Map<String, Object> e : (List<Map<String, Object>>) r.get("last_errors")) {
            b.append("  ").append(e.get("at")).append(' ').append(e.get("operation")).append(' ').append(e.get("kind"))
                    .append(": ").append(e.get("reason")).append('\n');
        }
        return b.toString();
    }

    private static String uptime(long s) {
        return s >= 86400 ? s / 86400 + "d" + s % 86400 / 3600 + "h" : s >= 3600 ? s / 3600 + "h" + s % 3600 / 60 + "m"
                : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }
}
