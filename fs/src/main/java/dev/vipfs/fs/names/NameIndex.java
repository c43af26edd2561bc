package dev.vipfs.fs.names;

import dev.vipfs.fs.attrs.DirectoryAttributes;
import dev.vipfs.fs.catalog.Catalog;
import dev.vipfs.fs.catalog.NamespaceCatalog;
import dev.vipfs.fs.catalog.NamespacePaths;
import dev.vipfs.fs.content.ObjectInspector;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.CidFormatException;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import dev.vipfs.policy.AccessPolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every name under which the mount knows each piece of content: the trees of catalogued roots and
 * of roots that rules name, and every version in {@code MOUNT/data}. The access gate asks it for
 * the other names of what a request reached, so that a rule follows its content to any other root,
 * spelling or DAG that links it (docs/policy.md, "Content under several names").
 *
 * <p>Trees are immutable, so a walked root stays walked, and a later mount reads its names file
 * instead of walking it again (docs/names-file.md); the index renews itself when the rules,
 * the namespace or the catalogue change. Thread-safe: lookups read an immutable snapshot, one
 * thread at a time renews it.
 */
public final class NameIndex {
    /** What the index knows of one object. */
    public record Names(List<String> names, String incomplete) {
        /** Whether the index could not walk everything it should know (then unknown content is refused). */
        public boolean complete() {
            return incomplete == null;
        }
    }

    /** Bound on names held: about 200 bytes each on the daemon's heap. */
    public static final int DEFAULT_LIMIT = 200_000;
    private static final Logger LOG = LoggerFactory.getLogger(NameIndex.class);
    private static final long CATALOG_CHECK_NANOS = 1_000_000_000L;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** Objects whose {@link #ofContent} a snapshot keeps: a 10,000-entry listing and its lookups fit. */
    private static final int CONTENT_MEMO = 16_384;

    /** @param contentNames {@link #ofContent} answers for this snapshot (content facts, the same for every caller) */
    private record Snapshot(Map<Multihash, NameNode[]> trees, Set<String> walkedRoots, List<String> treeProblems,
                            Map<Multihash, NameNode[]> data, Set<String> literalRoots, long policyGeneration,
                            long dataGeneration, long catalogLength, String incomplete,
                            Map<Cid, Names> contentNames) { }

    private final TreeNamer namer;
    private final StoredTreeNamer treeNames;
    private final ObjectInspector inspector;
    private final ContentParts contentParts;
    private final Catalog catalog;
    private final NamespaceCatalog namespace;
    private final AccessPolicy policy;
    private final int limit;
    private volatile Snapshot current;
    private volatile long nextCatalogCheck;

    /**
     * @param namespace the catalogue behind MOUNT/data, or null on a mount without one
     */
    public NameIndex(UnixfsReader reader, ObjectInspector inspector, Catalog catalog, NamespaceCatalog namespace,
                     AccessPolicy policy, int limit) {
        this.namer = new TreeNamer(reader, inspector);
        this.treeNames = new StoredTreeNamer(namer, catalog.nameFiles());
        this.inspector = inspector;
        this.contentParts = new ContentParts(reader, inspector);
        this.catalog = catalog;
        this.namespace = namespace;
        this.policy = policy;
        this.limit = limit;
    }

    /** Builds the index on a background thread, so that the mount comes up while it walks; lookups wait for it. */
    public void startBuilding() {
        Thread t = new Thread(this::snapshot, "vipfs-name-index");
        t.setDaemon(true);
        t.start();
    }

    /** The names of {@code cid}'s content, after bringing the index up to date. */
    public Names of(Cid cid) {
        return of(snapshot(), cid);
    }

    private static Names of(Snapshot s, Cid cid) {
        Multihash mh = cid.multihash();
        List<String> out = new ArrayList<>(1);
        for (Map<Multihash, NameNode[]> m : List.of(s.trees(), s.data())) {
            NameNode[] n = m.get(mh);
            if (n != null) {
                for (NameNode x : n) {
                    out.add(x.path());
                }
            }
        }
        return new Names(out, s.incomplete());
    }

    /**
     * The names of an object and of the blocks through which another DAG could reach the same
     * plaintext: a file node of its own can pair a known envelope's header or payload, or link a
     * known plaintext file's chunks, under a CID the index has never seen. Kept per snapshot, so a
     * listing's filter and the lookups that follow it build each entry's names once.
     */
    public Names ofContent(Cid cid) throws IOException {
        Snapshot s = snapshot();
        Names known = s.contentNames().get(cid);
        if (known != null) {
            return known;
        }
        known = withParts(s, cid);
        if (s.contentNames().size() >= CONTENT_MEMO) {
            s.contentNames().clear();
        }
        s.contentNames().put(cid, known);
        return known;
    }

    private Names withParts(Snapshot s, Cid cid) throws IOException {
        Names own = of(s, cid);
        List<Cid> parts = contentParts.of(cid);
        if (parts.isEmpty()) {
            return own;
        }
        List<String> all = new ArrayList<>(own.names());
        for (Cid part : parts) {
            for (String n : of(s, part).names()) {
                if (!all.contains(n)) {
                    all.add(n);
                }
            }
        }
        return new Names(List.copyOf(all), own.incomplete());
    }

    /** Whether some rule names this root literally (identity-multihash roots are served only then). */
    public boolean namedByRule(Cid root) {
        return snapshot().literalRoots().contains(CidSpelling.canonical(root));
    }

    private Snapshot snapshot() {
        Snapshot s = current;
        if (s != null && !stale(s)) {
            return s;
        }
        synchronized (this) {
            s = current;
            if (s == null || stale(s)) {
                s = renew(s);
                current = s;
            }
            return s;
        }
    }

    /** The namespace's generation, moved on too when an attributes object is linked. */
    private long dataGeneration() {
        return namespace == null ? 0 : namespace.generation() * 1_000_003L + namespace.attributeObjects().generation();
    }

    private boolean stale(Snapshot s) {
        if (s.policyGeneration() != policy.generation()) {
            return true;
        }
        if (namespace != null && s.dataGeneration() != dataGeneration()) {
            return true;
        }
        long now = System.nanoTime();
        if (now - nextCatalogCheck < 0) {
            return false;
        }
        nextCatalogCheck = now + CATALOG_CHECK_NANOS;
        return catalog.journalLength() != s.catalogLength();
    }

    private Snapshot renew(Snapshot old) {
        long wall = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        Snapshot s = build(old);
        // Info only when trees were named (mount start, a new root): MOUNT/data renews it on every commit.
        boolean named = old == null || old.walkedRoots().size() != s.walkedRoots().size();
        (named ? LOG.atInfo() : LOG.atDebug()).log("name index renewed: {} roots named, {} objects, {} ms ({} ms CPU)",
                s.walkedRoots().size(), s.trees().size() + s.data().size(), (System.nanoTime() - wall) / 1_000_000,
                (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000);
        return s;
    }

    private Snapshot build(Snapshot old) {
        long policyGeneration = policy.generation();
        long dataGeneration = dataGeneration();
        long catalogLength = catalog.journalLength();
        Set<String> literal = policy.literalRoots();
        // A tree that could not be walked whole is walked again, from scratch, after a policy reload
        // (the operator's way to say "try again"); otherwise walked trees stay walked.
        boolean retry = old != null && !old.treeProblems().isEmpty() && old.policyGeneration() != policyGeneration;
        boolean keep = old != null && !retry;
        List<String> problems = new ArrayList<>(keep ? old.treeProblems() : List.of());
        Map<Multihash, NameNode[]> trees = keep ? old.trees() : Map.of();
        Set<String> walked = new HashSet<>(keep ? old.walkedRoots() : Set.of());
        List<Cid> fresh = new ArrayList<>();
        for (Cid root : roots(literal, problems)) {
            if (!walked.contains(CidSpelling.canonical(root))) {
                fresh.add(root);
            }
        }
        if (!fresh.isEmpty()) {
            // Trees are immutable: only roots not walked before cost a walk (or reading the names file
            // an earlier mount wrote) and a copy of the map.
            NameSink sink = NameSink.extending(trees, limit);
            try {
                for (Cid root : fresh) {
                    treeNames.name(root, sink, problems);
                    walked.add(CidSpelling.canonical(root));
                }
            } catch (NameSink.IndexLimitException e) {
                problems.add(e.getMessage());
            }
            // The sink is dropped here, so a read-only view is as immutable as a copy, without the copy.
            trees = java.util.Collections.unmodifiableMap(sink.names());
        }
        List<String> treeProblems = List.copyOf(problems);
        Map<Multihash, NameNode[]> data = namespace == null ? Map.of() : dataNames(problems);
        String incomplete = problems.isEmpty() ? null : String.join("; ", problems);
        if (incomplete != null) {
            LOG.warn("name index incomplete (content reached only through unknown names is refused): {}", incomplete);
        }
        return new Snapshot(trees, Set.copyOf(walked), treeProblems, data, Set.copyOf(literal),
                policyGeneration, dataGeneration, catalogLength, incomplete, new ConcurrentHashMap<>());
    }

    /** Catalogued roots, then roots named by rules, each once. */
    private List<Cid> roots(Set<String> literal, List<String> problems) {
        Set<Cid> out = new java.util.LinkedHashSet<>();
        try {
            out.addAll(catalog.roots());
        } catch (IOException e) {
            problems.add("cannot read the catalogue: " + e.getMessage());
        }
        for (String segment : literal) {
            try {
                out.add(Cid.parse(segment));
            } catch (CidFormatException notACid) {
                // "data" and other literal segments that are not CIDs name no tree.
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * Every version of every file in MOUNT/data, named by its path; versions that left the catalogue
     * (deleted, or history replaced by a rename) keep the path they last had, since their blocks are
     * still readable by CID. A rename moves names: the content is present under the new path.
     */
    private Map<Multihash, NameNode[]> dataNames(List<String> problems) {
        NameSink sink = new NameSink(limit);
        try {
            for (NamespaceCatalog.Item item : namespace.all()) {
                if (item.directory()) {
                    continue;
                }
                NameNode name = NameNode.top(NamespacePaths.policyPath(item.path()));
                for (NamespaceCatalog.Version v : item.versions()) {
                    nameVersion(name, v.cid(), sink, problems);
                }
            }
            for (Map.Entry<Cid, String> object : namespace.attributeObjects().all().entrySet()) {
                String dir = object.getValue();
                nameVersion(NameNode.top(NamespacePaths.policyPath(
                        dir.isEmpty() ? DirectoryAttributes.LINK_NAME : dir + "/" + DirectoryAttributes.LINK_NAME)),
                        object.getKey(), sink, problems);
            }
            for (Map.Entry<Cid, String> gone : namespace.dropped().entrySet()) {
                nameVersion(NameNode.top(NamespacePaths.policyPath(gone.getValue())), gone.getKey(), sink, problems);
            }
        } catch (NameSink.IndexLimitException e) {
            problems.add(e.getMessage());
        }
        return Map.copyOf(sink.names());
    }

    private void nameVersion(NameNode name, Cid cid, NameSink sink, List<String> problems)
            throws NameSink.IndexLimitException {
        sink.add(cid.multihash(), name);
        try {
            namer.nameFileBlocks(name, inspector.inspect(cid), sink);
        } catch (IOException e) {
            problems.add("cannot read " + cid + " of " + name.path() + ": " + e.getMessage());
        }
    }

}
