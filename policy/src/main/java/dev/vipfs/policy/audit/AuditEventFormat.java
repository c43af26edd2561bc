package dev.vipfs.policy.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JSON of one audit line before it is sealed: the fields of an {@link AuditEvent} in a fixed
 * order, unset ones left out, and the sensitive ones (paths, process names) as HMAC-SHA256 with the
 * device salt unless the log is raw, so a stolen log does not list what was read. Thread-safe.
 */
final class AuditEventFormat {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HMAC_MEMO = 512;

    private final Mac mac; // null when the log is raw; not thread-safe, so used under this object's lock
    // The HMACs of recent paths and process names: a web server names the same few in every line.
    // Only what the daemon already holds in the clear is kept, beside its HMAC (guarded by this).
    private final Map<String, String> hmacs = new LinkedHashMap<>(HMAC_MEMO, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > HMAC_MEMO;
        }
    };

    AuditEventFormat(AuditOptions options) throws AuditException {
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
     * The event as a JSON object with sequence number {@code seq}, ending with the previous line's hash.
     * Written field by field: a Map through ObjectMapper costs a serializer lookup per value and was a
     * quarter of a web server's open (docs/benchmarks.md, "nginx 4 KiB"); the bytes are the same.
     */
    synchronized String json(AuditEvent e, long seq, String prev) throws AuditException {
        StringWriter out = new StringWriter(384);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("seq", seq);
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

    /** The form a sensitive value takes in the log: itself when raw, else its HMAC. */
    synchronized String hash(String sensitiveValue) {
        return sensitive(sensitiveValue);
    }

    /** HMAC-SHA256 of a sensitive string with the device salt, in Vault's "hmac-sha256:" form. */
    private String sensitive(String s) {
        assert Thread.holdsLock(this);
        if (s == null || mac == null) {
            return s;
        }
        String h = hmacs.get(s);
        if (h == null) {
            h = "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(s.getBytes(StandardCharsets.UTF_8)));
            hmacs.put(s, h);
        }
        return h;
    }
}
