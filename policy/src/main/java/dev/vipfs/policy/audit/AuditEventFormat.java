package dev.vipfs.policy.audit;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
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

    private long timeSecond;   // the epoch second timePrefix spells (guarded by this)
    private String timePrefix; // "2026-12-07T06:20:44" (guarded by this)

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
     * quarter of a web server's open (docs/benchmarks.md, "nginx 4 KiB"); the bytes are the same
     * ({@code AuditLineFormatTest}).
     */
    synchronized String json(AuditEvent e, long seq, String prev) {
        return new JsonObjectText(1024)
                .field("seq", seq)
                .field("time", time(e.time()))
                .field("op", e.operation())
                .field("decision", e.decision())
                .field("path", sensitive(e.path()))
                .field("alias_of", sensitive(e.aliasOf()))
                .field("cid", e.cid())
                .field("uid", e.uid())
                .field("gid", e.gid())
                .field("pid", e.pid())
                .field("process", sensitive(e.processName()))
                .field("policy", e.policy())
                .field("rule", e.rule())
                .field("key_id", e.keyId())
                .field("key_version", e.keyVersion())
                .field("reason", e.reason())
                .field("prev", prev)
                .close();
    }

    /**
     * {@link Instant#toString} (ISO-8601 in UTC, the fraction in 0, 3, 6 or 9 digits as needed), with
     * the date and time of day kept from the previous line of the same second: the JDK's formatter was
     * a fifth of the line's cost.
     */
    String time(Instant t) {
        assert Thread.holdsLock(this);
        long second = t.getEpochSecond();
        if (second != timeSecond || timePrefix == null) {
            String whole = Instant.ofEpochSecond(second).toString();
            timePrefix = whole.substring(0, whole.length() - 1); // without the 'Z'
            timeSecond = second;
        }
        int nano = t.getNano();
        StringBuilder out = new StringBuilder(timePrefix.length() + 11).append(timePrefix);
        if (nano != 0) {
            int digits = nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
            int value = digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1_000 : nano;
            String text = Integer.toString(value);
            out.append('.');
            for (int pad = digits - text.length(); pad > 0; pad--) {
                out.append('0');
            }
            out.append(text);
        }
        return out.append('Z').toString();
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
