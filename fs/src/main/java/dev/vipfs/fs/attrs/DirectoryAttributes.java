package dev.vipfs.fs.attrs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The plaintext of a directory's attributes object (docs/format.md, "Attributes objects"): the
 * permission bits and times of the directory's entries, by name. It travels sealed in an envelope
 * under {@link #LINK_NAME}, so whoever holds the blocks without a key learns nothing from it.
 *
 * <p>The encoding is deterministic (entries sorted by name, fixed field order, ISO-8601 times), so
 * equal attributes give equal bytes and the writer can reuse the sealed object it made before.
 */
public record DirectoryAttributes(SortedMap<String, Entry> entries) {
    /** The link a directory node holds its attributes object under; refused as a name in MOUNT/data. */
    public static final String LINK_NAME = ".vipfs-attrs";
    /** Larger plaintext is not read back (a crafted DAG could link anything under the name). */
    public static final int MAX_BYTES = 16 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One entry's permission bits (07777) and times; atime null means "the mtime". */
    public record Entry(int mode, Instant mtime, Instant atime) { }

    public DirectoryAttributes {
        entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    public byte[] encode() {
        StringBuilder out = new StringBuilder("{\"v\":1,\"entries\":{");
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Entry> e = it.next();
            Entry a = e.getValue();
            out.append(JSON.getNodeFactory().textNode(e.getKey()).toString())
                    .append(":{\"mode\":").append(a.mode() & 07777)
                    .append(",\"mtime\":\"").append(a.mtime()).append('"');
            if (a.atime() != null) {
                out.append(",\"atime\":\"").append(a.atime()).append('"');
            }
            out.append('}');
            if (it.hasNext()) {
                out.append(',');
            }
        }
        return out.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads what {@link #encode} wrote; throws for anything else (the caller then presents defaults). */
    public static DirectoryAttributes decode(byte[] bytes) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        if (!(root instanceof ObjectNode) || root.path("v").asInt() != 1 || !root.path("entries").isObject()) {
            throw new IOException("not a version 1 attributes object");
        }
        SortedMap<String, Entry> entries = new TreeMap<>();
        try {
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("entries").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode n = e.getValue();
                entries.put(e.getKey(), new Entry(n.path("mode").asInt() & 07777, Instant.parse(n.path("mtime").asText()),
                        n.hasNonNull("atime") ? Instant.parse(n.path("atime").asText()) : null));
            }
        } catch (java.time.format.DateTimeParseException e) {
            throw new IOException("attributes object with a malformed time: " + e.getMessage());
        }
        return new DirectoryAttributes(entries);
    }
}
