package dev.vipfs.fs.fuse;

import dev.vipfs.crypto.keys.KeyResolver;
import dev.vipfs.fs.access.AccessGate;
import dev.vipfs.fs.access.ContentGate;
import dev.vipfs.fs.catalog.NamespaceCatalog;
import dev.vipfs.fs.names.NameIndex;
import dev.vipfs.fs.catalog.Catalog;
import dev.vipfs.fs.content.ContentOpener;
import dev.vipfs.fs.content.ObjectInspector;
import dev.vipfs.fs.path.PathResolver;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Everything the FUSE operations need, built once per mount. */
final class MountServices {
    /** Block reads block on the disk or the network, so more threads than cores keep the reader fed. */
    private static final int PREFETCH_THREADS = 4;
    final UnixfsReader reader;
    final ObjectInspector inspector;
    final PathResolver resolver;
    final ContentOpener content;
    final AccessGate gate;
    final NameIndex names;
    final ContentGate access;
    final Catalog catalog;
    final boolean allowPlaintext;
    final ExecutorService prefetch;
    final OpenFiles files = new OpenFiles();
    final FuseCaller callers = new FuseCaller();
    /** Links whose target leaves the mount look absent (config "hide_escaping_symlinks", for web serving). */
    volatile boolean hideEscapingSymlinks;

    MountServices(UnixfsReader reader, KeyResolver keys, AccessGate gate, Catalog catalog, NamespaceCatalog namespace,
                  boolean allowPlaintext, long segmentCacheBytes) {
        this.reader = reader;
        this.inspector = new ObjectInspector(reader);
        this.resolver = new PathResolver(reader, inspector);
        this.gate = gate;
        this.names = new NameIndex(reader, inspector, catalog, namespace, gate.policy(), NameIndex.DEFAULT_LIMIT);
        this.access = new ContentGate(gate, resolver, names, inspector, reader);
        this.catalog = catalog;
        this.allowPlaintext = allowPlaintext;
        this.prefetch = Executors.newFixedThreadPool(PREFETCH_THREADS, r -> {
            Thread t = new Thread(r, "vipfs-prefetch");
            t.setDaemon(true);
            return t;
        });
        this.content = new ContentOpener(reader, keys, segmentCacheBytes, prefetch);
    }
}
