package dev.vipfs.fs.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vipfs.fs.catalog.NamespaceCatalog.Item;
import dev.vipfs.fs.catalog.NamespaceCatalog.Version;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The namespace snapshot ({@code namespace.snapshot.json}, docs/catalog.md): the whole
 * {@link NamespaceModel} as of one sequence number, written to a temporary file, fsynced and
 * renamed over the old one atomically, so a crash leaves either snapshot whole.
 *
 * <p>Locking: none of its own; the caller holds the {@link NamespaceCatalog} monitor.
 */
final class CatalogSnapshot {
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogSnapshot() {
    }

    static void read(Path snap, NamespaceModel m) throws IOException {
        try {
            JsonNode root = JSON.readTree(snap.toFile());
            if (root.path("format").asInt() != FORMAT) {
                throw new CatalogCorruptException("namespace snapshot " + snap + " has unknown format "
                        + root.path("format") + "; this vipfs reads format " + FORMAT, null);
            }
            m.seq = root.path("seq").asLong();
            if (root.hasNonNull("rootMtime")) {
                m.rootMtime = Instant.parse(root.path("rootMtime").asText());
            }
            if (root.hasNonNull("rootAttributes")) {
                m.rootAttrs = EntryAttributes.read(root.path("rootAttributes"));
            }
            for (JsonNode n : root.path("items")) {
                String path = NamespacePaths.check(n.path("path").asText());
                Instant mtime = Instant.parse(n.path("mtime").asText());
                List<Version> versions = new ArrayList<>();
                for (JsonNode v : n.path("versions")) {
                    List<String> keys = new ArrayList<>();
                    v.path("keys").forEach(k -> keys.add(k.asText()));
                    versions.add(new Version(v.path("version").asInt(), Instant.parse(v.path("time").asText()),
                            v.path("size").asLong(), Cid.parse(v.path("cid").asText()), v.path("dagSize").asLong(), keys));
                }
                m.items.put(path, new Item(path, n.path("dir").asBoolean(), mtime, versions, EntryAttributes.read(n)));
            }
        } catch (CatalogCorruptException e) {
            throw e;
        } catch (Exception e) {
            throw new CatalogCorruptException("namespace snapshot " + snap + " is unreadable (" + e.getMessage()
                    + "); restore it from a backup", e);
        }
    }

    static void write(Path dir, NamespaceModel m) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("seq", m.seq);
        if (!m.rootMtime.equals(Instant.EPOCH)) {
            root.put("rootMtime", m.rootMtime.toString());
        }
        if (!m.rootAttrs.equals(EntryAttributes.NONE)) {
            m.rootAttrs.write(root.putObject("rootAttributes"));
        }
        ArrayNode arr = root.putArray("items");
        for (Item item : m.items.values()) {
            ObjectNode n = arr.addObject();
            n.put("path", item.path());
            n.put("dir", item.directory());
            n.put("mtime", item.mtime().toString());
            item.attrs().write(n);
            if (!item.directory()) {
                ArrayNode vs = n.putArray("versions");
                for (Version v : item.versions()) {
                    ObjectNode o = vs.addObject();
                    o.put("version", v.number());
                    o.put("time", v.time().toString());
                    o.put("size", v.size());
                    o.put("cid", v.cid().toString());
                    o.put("dagSize", v.dagSize());
                    ArrayNode k = o.putArray("keys");
                    v.keys().forEach(k::add);
                }
            }
        }
        // The journal's writer lock makes this the only writer: a fixed temporary name.
        AtomicReplace.write(dir.resolve(NamespaceCatalog.SNAPSHOT), dir.resolve(NamespaceCatalog.SNAPSHOT + ".tmp"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root), PosixFilePermissions.fromString("rw-------"));
    }
}
