package dev.vipfs.fs.write;

import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.fs.attrs.DirectoryAttributes;
import dev.vipfs.fs.catalog.NamespaceCatalog;
import dev.vipfs.fs.catalog.NamespacePaths;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds each namespace directory as a UnixFS directory over its children's current CIDs, so a whole
 * written tree can be shared by one root CID. Recomputed only when the catalogue changed.
 */
final class DirectoryCids {
    private final NamespaceCatalog catalog;
    private final UnixfsImporter importer;
    private final AttributeObjects attributes;
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryCids.class);

    private long builtFor = -1;
    private Map<String, ImportedNode> built = Map.of();
    /** The namespace root last pinned by this process; its successor takes the pin over. */
    private Cid pinnedRoot;

    DirectoryCids(NamespaceCatalog catalog, UnixfsImporter importer, Supplier<List<RecipientKey>> recipients) {
        this.catalog = catalog;
        this.importer = importer;
        this.attributes = new AttributeObjects(importer, recipients, catalog.attributeObjects());
    }

    /** The directory node of dir ("" = namespace root), or null if dir is not a directory. */
    synchronized ImportedNode of(String dir) throws IOException {
        long gen = catalog.generation();
        if (gen != builtFor) {
            built = build();
            builtFor = gen;
            pinRoot(built.get(""));
        }
        return built.get(dir);
    }

    /**
     * Keeps the shared tree's directory nodes in a store with garbage collection. Files are pinned on
     * commit, so a failure here loses nothing that cannot be rebuilt: it is logged and retried on
     * the next change.
     */
    private void pinRoot(ImportedNode root) {
        if (root == null || root.cid().equals(pinnedRoot)) {
            return;
        }
        try {
            if (pinnedRoot == null) {
                importer.pin(root.cid());
            } else {
                importer.repin(pinnedRoot, root.cid());
            }
            pinnedRoot = root.cid();
        } catch (IOException e) {
            LOG.warn("could not pin the namespace root {}: {}", root.cid(), e.getMessage());
        }
    }

    /** A UnixFS symlink node (no mode or mtime: see "Modes and times" in docs/format.md). */
    ImportedNode symlink(String target) throws IOException {
        return importer.addSymlink(target);
    }

    private Map<String, ImportedNode> build() throws IOException {
        List<NamespaceCatalog.Item> items = catalog.all();
        Map<String, SortedMap<String, ImportedNode>> children = new HashMap<>();
        children.put("", new TreeMap<>());
        List<String> dirs = new ArrayList<>();
        dirs.add("");
        for (NamespaceCatalog.Item item : items) {
            if (item.directory()) {
                children.put(item.path(), new TreeMap<>());
                dirs.add(item.path());
            }
        }
        for (NamespaceCatalog.Item item : items) {
            if (!item.directory() && item.attrs().special() == null) {
                // FIFOs, sockets and device nodes have no UnixFS form: the shared tree leaves them out.
                SortedMap<String, ImportedNode> siblings = children.get(NamespacePaths.parent(item.path()));
                if (siblings != null) {
                    siblings.put(NamespacePaths.name(item.path()), item.symlink() ? symlink(item.attrs().target())
                            : item.current().map(v -> new ImportedNode(v.cid(), v.dagSize(), v.size())).orElseThrow());
                }
            }
        }
        // Deepest first, so every child directory is built before its parent.
        dirs.sort(Comparator.comparingLong((String d) -> d.isEmpty() ? 0 : d.chars().filter(c -> c == '/').count() + 1)
                .reversed());
        Map<String, DirectoryAttributes> attrs = AttributeObjects.collect(items);
        for (Map.Entry<String, DirectoryAttributes> a : attrs.entrySet()) {
            SortedMap<String, ImportedNode> siblings = children.get(a.getKey());
            ImportedNode sealed = siblings == null ? null : attributes.seal(a.getKey(), a.getValue());
            if (sealed != null) {
                siblings.put(DirectoryAttributes.LINK_NAME, sealed);
            }
        }
        Map<String, ImportedNode> out = new HashMap<>();
        for (String d : dirs) {
            ImportedNode node = importer.addDirectory(children.get(d));
            out.put(d, node);
            if (!d.isEmpty()) {
                SortedMap<String, ImportedNode> parent = children.get(NamespacePaths.parent(d));
                if (parent != null) {
                    parent.put(NamespacePaths.name(d), node);
                }
            }
        }
        importer.sync(); // these CIDs are handed out (xattrs, catalogue listings)
        return out;
    }
}
