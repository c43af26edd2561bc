package dev.vipfs.fs.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vipfs.fs.catalog.NamespaceCatalog.Item;
import dev.vipfs.fs.catalog.NamespaceCatalog.Version;
import dev.vipfs.fs.catalog.NamespaceException.Kind;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of the journal's operations (mkdir, put, remove, rename, symlink, mknod, attr; see
 * docs/catalog.md): each operation is checked against the {@link NamespaceModel} first and turned
 * into the change it makes, so the same code validates a new operation before it is journalled and
 * replays a journalled one at start-up.
 *
 * <p>Locking: none of its own; the caller holds the {@link NamespaceCatalog} monitor, which guards
 * the model, from {@link #prepare} until the returned change has run.
 */
final class JournalOperations {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NamespaceModel m;

    JournalOperations(NamespaceModel model) {
        this.m = model;
    }

    /** Validates op against the current tree and returns the change, so nothing is applied before it is journalled. */
    Runnable prepare(JsonNode op) throws NamespaceException {
        long opSeq = op.path("seq").asLong();
        Instant time = Instant.parse(op.path("time").asText());
        Runnable change = switch (op.path("op").asText()) {
            case "mkdir" -> prepareMkdir(text(op, "path"), time, op);
            case "put" -> preparePut(text(op, "path"), time, op);
            case "remove" -> prepareRemove(text(op, "path"), time);
            case "rename" -> prepareRename(text(op, "from"), text(op, "to"), time);
            case "symlink" -> prepareSymlink(text(op, "path"), op.path("target").asText(), time);
            case "mknod" -> prepareNode(text(op, "path"), time, op);
            case "attr" -> prepareAttributes(text(op, "path"), time, op);
            default -> throw new NamespaceException(Kind.INVALID_NAME, "unknown journal operation " + op.path("op"));
        };
        return () -> {
            change.run();
            m.applied(opSeq);
        };
    }

    private static String text(JsonNode op, String field) throws NamespaceException {
        JsonNode v = op.get(field);
        if (v == null || !v.isTextual()) {
            throw new NamespaceException(Kind.INVALID_NAME, "journal operation lacks '" + field + "'");
        }
        return NamespacePaths.check(v.asText());
    }

    private Runnable prepareMkdir(String path, Instant time, JsonNode op) throws NamespaceException {
        if (path.isEmpty() || m.items.containsKey(path)) {
            throw new NamespaceException(Kind.EXISTS, "'" + path + "' already exists");
        }
        m.requireDirectory(NamespacePaths.parent(path));
        EntryAttributes attrs = EntryAttributes.NONE.withMode(op.path("mode").asInt(-1));
        return () -> {
            m.items.put(path, new Item(path, true, time, List.of(), attrs));
            m.touch(NamespacePaths.parent(path), time);
        };
    }

    private Runnable preparePut(String path, Instant time, JsonNode op) throws NamespaceException {
        if (path.isEmpty()) {
            throw new NamespaceException(Kind.IS_DIRECTORY, "the namespace root is a directory");
        }
        m.requireDirectory(NamespacePaths.parent(path));
        Item old = m.items.get(path);
        if (old != null && old.directory()) {
            throw new NamespaceException(Kind.IS_DIRECTORY, "'" + path + "' is a directory");
        }
        Cid cid;
        try {
            cid = Cid.parse(op.path("cid").asText());
        } catch (RuntimeException e) {
            throw new NamespaceException(Kind.INVALID_NAME, "journal 'put' has a bad CID: " + e.getMessage());
        }
        List<String> keys = new ArrayList<>();
        op.path("keys").forEach(k -> keys.add(k.asText()));
        List<Version> versions = new ArrayList<>(old == null || !old.attrs().plain() ? List.of() : old.versions());
        int number = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).number() + 1;
        versions.add(new Version(number, time, op.path("size").asLong(), cid, op.path("dagSize").asLong(), keys));
        EntryAttributes kept = old == null || !old.attrs().plain() ? EntryAttributes.NONE : old.attrs();
        EntryAttributes attrs = kept.withMode(op.path("mode").asInt(kept.mode())).withAtime(EntryAttributes.time(op, "atime"))
                .withCtime(time);
        Instant mtime = op.hasNonNull("mtime") ? EntryAttributes.time(op, "mtime") : time;
        Instant named = op.hasNonNull("named") ? EntryAttributes.time(op, "named") : time;
        return () -> {
            m.items.put(path, new Item(path, false, mtime, versions, attrs));
            if (old == null) {
                m.touchUnlessSetSince(NamespacePaths.parent(path), named);
            }
        };
    }

    private Runnable prepareSymlink(String path, String target, Instant time) throws NamespaceException {
        if (path.isEmpty() || m.items.containsKey(path)) {
            throw new NamespaceException(Kind.EXISTS, "'" + path + "' already exists");
        }
        if (target.isEmpty() || target.indexOf('\0') >= 0 || target.getBytes(StandardCharsets.UTF_8).length > NamespaceCatalog.MAX_TARGET) {
            throw new NamespaceException(target.isEmpty() || target.indexOf('\0') >= 0 ? Kind.INVALID_NAME : Kind.NAME_TOO_LONG,
                    "a symlink target must be 1 to " + NamespaceCatalog.MAX_TARGET + " bytes without NUL");
        }
        m.requireDirectory(NamespacePaths.parent(path));
        EntryAttributes attrs = new EntryAttributes(-1, null, null, target);
        return () -> {
            m.items.put(path, new Item(path, false, time, List.of(), attrs));
            m.touch(NamespacePaths.parent(path), time);
        };
    }

    private Runnable prepareNode(String path, Instant time, JsonNode op) throws NamespaceException {
        if (path.isEmpty() || m.items.containsKey(path)) {
            throw new NamespaceException(Kind.EXISTS, "'" + path + "' already exists");
        }
        String kind = op.path("special").asText();
        if (!EntryAttributes.SPECIAL_KINDS.contains(kind)) {
            throw new NamespaceException(Kind.INVALID_NAME, "mknod of an unknown kind '" + kind + "'");
        }
        m.requireDirectory(NamespacePaths.parent(path));
        EntryAttributes attrs = EntryAttributes.read(op);
        return () -> {
            m.items.put(path, new Item(path, false, time, List.of(), attrs));
            m.touch(NamespacePaths.parent(path), time);
        };
    }

    private Runnable prepareAttributes(String path, Instant time, JsonNode op) throws NamespaceException {
        Item item = path.isEmpty() ? m.get("").orElseThrow() : m.require(path);
        EntryAttributes attrs = item.attrs().withMode(op.path("mode").asInt(item.attrs().mode()))
                .withAtime(op.hasNonNull("atime") ? EntryAttributes.time(op, "atime") : item.attrs().atime())
                .withCtime(time);
        Instant mtime = op.hasNonNull("mtime") ? EntryAttributes.time(op, "mtime") : item.mtime();
        return () -> {
            if (path.isEmpty()) {
                m.rootMtime = mtime;
                m.rootAttrs = attrs;
            } else {
                m.items.put(path, new Item(path, item.directory(), mtime, item.versions(), attrs));
            }
        };
    }

    private Runnable prepareRemove(String path, Instant time) throws NamespaceException {
        Item item = m.require(path);
        if (item.directory() && !m.list(path).isEmpty()) {
            throw new NamespaceException(Kind.NOT_EMPTY, "directory '" + path + "' is not empty");
        }
        return () -> {
            m.items.remove(path);
            m.drop(path, item.versions());
            m.touch(NamespacePaths.parent(path), time);
        };
    }

    private Runnable prepareRename(String from, String to, Instant time) throws NamespaceException {
        Item src = m.require(from);
        if (to.isEmpty()) {
            throw new NamespaceException(Kind.EXISTS, "cannot replace the namespace root");
        }
        if (from.equals(to)) {
            return () -> { };
        }
        if (NamespacePaths.within(to, from)) {
            throw new NamespaceException(Kind.INVALID_MOVE, "cannot move '" + from + "' into itself ('" + to + "')");
        }
        m.requireDirectory(NamespacePaths.parent(to));
        Item dst = m.items.get(to);
        if (dst != null) {
            if (src.directory() && !dst.directory()) {
                throw new NamespaceException(Kind.NOT_DIRECTORY, "'" + to + "' is not a directory");
            }
            if (!src.directory() && dst.directory()) {
                throw new NamespaceException(Kind.IS_DIRECTORY, "'" + to + "' is a directory");
            }
            if (dst.directory() && !m.list(to).isEmpty()) {
                throw new NamespaceException(Kind.NOT_EMPTY, "directory '" + to + "' is not empty");
            }
        }
        return () -> {
            m.applyRename(src, dst, from, to, time);
            m.touch(NamespacePaths.parent(from), time);
            m.touch(NamespacePaths.parent(to), time);
        };
    }

    /**
     * Applies one journal line at start-up. An unreadable last line is one a crash tore; anything
     * else that does not apply means the journal is damaged.
     */
    void replay(String line, boolean last, Path journalFile) throws IOException {
        JsonNode op;
        try {
            op = JSON.readTree(line);
        } catch (IOException e) {
            if (last) {
                return;
            }
            throw new CatalogCorruptException("namespace journal " + journalFile
                    + " has an unreadable line before its end; restore it from a backup", e);
        }
        if (op.path("seq").asLong() <= m.seq) {
            // Already contained in the snapshot written just before a crash could truncate the journal.
            return;
        }
        try {
            prepare(op).run();
        } catch (NamespaceException | RuntimeException e) {
            throw new CatalogCorruptException("namespace journal " + journalFile + " operation "
                    + op.path("seq") + " does not apply (" + e.getMessage() + "); restore it from a backup", e);
        }
    }
}
