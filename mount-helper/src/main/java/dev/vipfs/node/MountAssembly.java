package dev.vipfs.node;

import dev.vipfs.fs.access.AccessGate;
import dev.vipfs.fs.access.ContentGate;
import dev.vipfs.fs.alias.AliasStore;
import dev.vipfs.fs.content.ContentOpener;
import dev.vipfs.fs.content.ObjectInspector;
import dev.vipfs.fs.fuse.MountParts;
import dev.vipfs.fs.fuse.MountWarmup;
import dev.vipfs.fs.named.NamedRoots;
import dev.vipfs.fs.names.NameIndex;
import dev.vipfs.fs.path.PathResolver;
import dev.vipfs.fs.write.WritableNamespace;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Assembles what one mount's FUSE operations share from a node: over the node's reader, the object
 * inspector and path resolver, the name index over both catalogues, the content gate, the prefetch
 * threads and the content opener with its segment cache; and the trees rooted at names. Owns the
 * prefetch threads: {@link #close} once the mount is gone.
 */
public final class MountAssembly implements AutoCloseable {
    /** Block reads block on the disk or the network, so more threads than cores keep the reader fed. */
    private static final int PREFETCH_THREADS = 4;
    /**
     * How much of a large file the warm-up of a store that streams leaves (Kubo's gateway) reads in
     * order first (docs/benchmarks.md, "Warm-up on the Kubo store"); the embedded store reads a leaf
     * the same way whether a reader streams or not, and such a read showed no gain there.
     */
    private static final long STREAMED_WARM_UP_BYTES = 128L << 20;

    private final MountParts parts;
    private final NamedRoots namedRoots;
    private final ExecutorService prefetch;
    private final Node node;

    private MountAssembly(MountParts parts, NamedRoots namedRoots, ExecutorService prefetch, Node node) {
        this.parts = parts;
        this.namedRoots = namedRoots;
        this.prefetch = prefetch;
        this.node = node;
    }

    /** The parts of a mount of node's content decided by gate, with MOUNT/data over namespace (null: none). */
    public static MountAssembly of(Node node, AccessGate gate, WritableNamespace namespace) {
        Config c = node.config();
        UnixfsReader reader = node.reader();
        ObjectInspector inspector = new ObjectInspector(reader);
        PathResolver resolver = new PathResolver(reader, inspector);
        NameIndex names = new NameIndex(reader, inspector, node.catalog(),
                namespace == null ? null : namespace.catalog(), gate.policy(), NameIndex.DEFAULT_LIMIT);
        ContentGate access = new ContentGate(gate, resolver, names);
        NamedRoots namedRoots = new NamedRoots(new AliasStore(node.home().catalogDir()), NameResolvers.of(node), resolver);
        ExecutorService prefetch = Executors.newFixedThreadPool(PREFETCH_THREADS, r -> {
            Thread t = new Thread(r, "vipfs-prefetch");
            t.setDaemon(true);
            return t;
        });
        // A local store's sequential readers lean on the kernel's read-ahead (KernelReadAhead), not on threads.
        ContentOpener content = new ContentOpener(reader, node.keyring(), (long) c.segmentCacheMib << 20, prefetch,
                !node.store().isLocal());
        MountParts parts = new MountParts(reader, inspector, resolver, content, gate, names, access, node.catalog(),
                c.allowPlaintext, prefetch);
        return new MountAssembly(parts, namedRoots, prefetch, node);
    }

    public MountParts parts() {
        return parts;
    }

    /**
     * What a warm-up reads through, built anew on each call (its caches are dropped with it); empty
     * when the store cannot be read without fetching from the network.
     */
    public Optional<MountWarmup.Source> warmUpSource() {
        return node.heldReader()
                .map(held -> new MountWarmup.Source(held, held == parts.reader() ? 0 : STREAMED_WARM_UP_BYTES));
    }

    /** Ends the last warm-up source's work: its streams from the store stop, its caches go. */
    public void warmUpDone() {
        node.releaseHeld();
    }

    /** MOUNT/by-name from the node's aliases, MOUNT/ipns through its name resolver, over this mount's resolver. */
    public NamedRoots namedRoots() {
        return namedRoots;
    }

    /**
     * Lets queued prefetches finish and stops the threads. Not shutdownNow: interrupting a thread
     * inside a FileChannel read would close the node's block store channel under everyone else.
     */
    @Override
    public void close() {
        prefetch.shutdown();
    }
}
