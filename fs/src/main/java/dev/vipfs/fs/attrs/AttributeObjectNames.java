package dev.vipfs.fs.attrs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which sealed attributes objects were linked into the namespace's shared tree, for which directory
 * and which plaintext. The name index names each one {@code data/<dir>/.vipfs-attrs}, and the
 * access gate refuses to serve anything so named: an attributes object is read only through stat of
 * the entries it describes (docs/security.md, "Attributes objects"). Kept in
 * {@code catalog/attribute-objects.jsonl} (docs/catalog.md), so that after a restart the index still
 * knows objects whose CIDs were handed out, and the writer reuses an object for the same plaintext
 * instead of sealing a new one (which would change the directory's CID). Thread-safe.
 */
public final class AttributeObjectNames {
    /** A sealed object: its CID and the sizes a directory link to it records. */
    public record Sealed(Cid cid, long dagSize, long size, String dir, String to) { }

    static final String FILE = "attribute-objects.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Map<Cid, String> byCid = new HashMap<>();
    private final Map<String, Sealed> byKey = new HashMap<>();
    private long generation;

    /** @param catalogDir where the list is kept; null keeps it in memory only (read-only catalogues) */
    public AttributeObjectNames(Path catalogDir, boolean readOnly) {
        Path f = catalogDir == null ? null : catalogDir.resolve(FILE);
        if (f != null && Files.isRegularFile(f)) {
            try {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    remember(line);
                }
            } catch (IOException e) {
                // Unreadable: the objects are unknown, as before this list existed (docs/security.md).
            }
        }
        this.file = readOnly ? null : f;
    }

    private void remember(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            Sealed s = new Sealed(Cid.parse(n.path("cid").asText()), n.path("dagSize").asLong(), n.path("size").asLong(),
                    n.path("dir").asText(), n.path("to").asText());
            byCid.put(s.cid(), s.dir());
            byKey.put(n.path("key").asText(), s);
        } catch (IOException | RuntimeException e) {
            // A torn last line from a crash: that object is sealed again when next needed.
        }
    }

    /** The object last sealed for this key (directory and plaintext), if any. */
    public synchronized Optional<Sealed> sealedFor(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** Records a new object; registered before its CID is handed out. */
    public synchronized void linked(String key, Sealed s) throws IOException {
        if (file != null) {
            ObjectNode n = JSON.createObjectNode().put("cid", s.cid().toString()).put("dagSize", s.dagSize())
                    .put("size", s.size()).put("dir", s.dir()).put("key", key).put("to", s.to());
            Files.write(file, List.of(n.toString()), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        }
        byKey.put(key, s);
        if (!s.dir().equals(byCid.put(s.cid(), s.dir()))) {
            generation++;
        }
    }

    public synchronized Map<Cid, String> all() {
        return Map.copyOf(byCid);
    }

    /** Changes whenever {@link #all} does, so an index built over it knows when to renew. */
    public synchronized long generation() {
        return generation;
    }

    /** Whether a policy path names an attributes object (its last segment is the reserved link name). */
    public static boolean names(String policyPath) {
        return policyPath.equals(DirectoryAttributes.LINK_NAME) || policyPath.endsWith("/" + DirectoryAttributes.LINK_NAME);
    }
}
