package dev.vipfs.fs.testkit;

import dev.vipfs.crypto.keys.KeyResolver;
import dev.vipfs.fs.access.AccessGate;
import dev.vipfs.fs.access.ContentGate;
import dev.vipfs.fs.catalog.Catalog;
import dev.vipfs.fs.content.ContentOpener;
import dev.vipfs.fs.content.ObjectInspector;
import dev.vipfs.fs.fuse.MountParts;
import dev.vipfs.fs.names.NameIndex;
import dev.vipfs.fs.path.PathResolver;
import dev.vipfs.fs.write.WritableNamespace;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A test mount's parts, assembled as mount-helper's {@code node.MountAssembly} assembles the
 * daemon's (fs cannot depend on it): plaintext objects served, a 32 MiB segment cache, and the
 * prefetch threads, which {@link #close} stops once the mount is gone.
 */
public final class TestMountAssembly implements AutoCloseable {
    private final ExecutorService prefetch = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "vipfs-prefetch");
        t.setDaemon(true);
        return t;
    });
    private final MountParts parts;

    /** namespace: the catalogue MOUNT/data names (null: a read-only mount). */
    public TestMountAssembly(UnixfsReader reader, KeyResolver keys, AccessGate gate, Catalog catalog,
                             WritableNamespace namespace) {
        ObjectInspector inspector = new ObjectInspector(reader);
        PathResolver resolver = new PathResolver(reader, inspector);
        NameIndex names = new NameIndex(reader, inspector, catalog, namespace == null ? null : namespace.catalog(),
                gate.policy(), NameIndex.DEFAULT_LIMIT);
        this.parts = new MountParts(reader, inspector, resolver, new ContentOpener(reader, keys, 32L << 20, prefetch),
                gate, names, new ContentGate(gate, resolver, names), catalog, true, prefetch);
    }

    public MountParts parts() {
        return parts;
    }

    @Override
    public void close() {
        prefetch.shutdown();
    }
}
