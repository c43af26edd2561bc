package dev.vipfs.policy.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    private final Mac mac; // null when the log is raw; not thread-safe, so used under this object's lock

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

    /** The event as a JSON object with sequence number {@code seq}, ending with the previous line's hash. */
    synchronized String json(AuditEvent e, long seq, String prev) throws AuditException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("time", e.time().toString());
        m.put("op", e.operation());
        put(m, "decision", e.decision());
        put(m, "path", sensitive(e.path()));
        put(m, "alias_of", sensitive(e.aliasOf()));
        put(m, "cid", e.cid());
        put(m, "uid", e.uid());
        put(m, "gid", e.gid());
        put(m, "pid", e.pid());
        put(m, "process", sensitive(e.processName()));
        put(m, "policy", e.policy());
        put(m, "rule", e.rule());
        put(m, "key_id", e.keyId());
        put(m, "key_version", e.keyVersion());
        put(m, "reason", e.reason());
        m.put("prev", prev);
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException ex) {
            throw new AuditException("cannot encode audit event: " + ex.getOriginalMessage(), ex);
        }
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
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
        return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(s.getBytes(StandardCharsets.UTF_8)));
    }
}
