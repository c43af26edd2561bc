package dev.vipfs.fs.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vipfs.ipfs.cid.Cid;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The journal line of each operation as a {@link NamespaceCatalog} mutation writes it (docs/catalog.md,
 * "Journal"); {@link JournalOperations} checks and applies the same lines. The field order is part of
 * what a line looks like on disk, so each builder keeps it fixed.
 *
 * <p>Locking: none of its own; the caller holds the {@link NamespaceCatalog} monitor, so the next
 * sequence number stays the model's until the line is applied.
 */
final class JournalEntries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NamespaceModel model;

    JournalEntries(NamespaceModel model) {
        this.model = model;
    }

    ObjectNode mkdir(String path, int mode) {
        ObjectNode op = op("mkdir");
        op.put("path", path);
        pendingAttributes(op, mode, null, null);
        return op;
    }

    ObjectNode mknod(String path, String kind, int mode, long rdev) {
        ObjectNode op = op("mknod");
        op.put("path", path);
        op.put("special", kind);
        op.put("rdev", rdev);
        pendingAttributes(op, mode, null, null);
        return op;
    }

    ObjectNode symlink(String path, String target) {
        ObjectNode op = op("symlink");
        op.put("path", path);
        op.put("target", target);
        return op;
    }

    ObjectNode attributes(String path, int mode, Instant mtime, Instant atime) {
        ObjectNode op = op("attr");
        op.put("path", path);
        pendingAttributes(op, mode, mtime, atime);
        return op;
    }

    ObjectNode put(String path, Cid cid, long dagSize, long size, List<String> keys,
                   int mode, Instant mtime, Instant atime, Instant named) {
        ObjectNode op = op("put");
        pendingAttributes(op, mode, mtime, atime);
        if (named != null) {
            op.put("named", named.toString());
        }
        op.put("path", path);
        op.put("cid", cid.toString());
        op.put("dagSize", dagSize);
        op.put("size", size);
        ArrayNode k = op.putArray("keys");
        keys.forEach(k::add);
        return op;
    }

    ObjectNode remove(String path) {
        ObjectNode op = op("remove");
        op.put("path", path);
        return op;
    }

    ObjectNode rename(String from, String to) {
        ObjectNode op = op("rename");
        op.put("from", from);
        op.put("to", to);
        return op;
    }

    /** The op as one {@code \n}-terminated UTF-8 line. */
    static byte[] line(ObjectNode op) throws JsonProcessingException {
        return (JSON.writeValueAsString(op) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private ObjectNode op(String name) {
        ObjectNode op = JSON.createObjectNode();
        op.put("seq", model.seq + 1);
        op.put("op", name);
        op.put("time", Instant.now().toString());
        return op;
    }

    /** Adds the mode and times a caller set (negative or null: unset) to an operation. */
    private static void pendingAttributes(ObjectNode op, int mode, Instant mtime, Instant atime) {
        if (mode >= 0) {
            op.put("mode", mode & EntryAttributes.PERMISSIONS);
        }
        if (mtime != null) {
            op.put("mtime", mtime.toString());
        }
        if (atime != null) {
            op.put("atime", atime.toString());
        }
    }
}
