package dev.vipfs.fs.fuse;

import dev.vipfs.fs.access.AccessGate;
import dev.vipfs.fs.access.ContentGate;
import dev.vipfs.fs.names.NameIndex;
import dev.vipfs.fs.catalog.Catalog;
import dev.vipfs.fs.content.ContentOpener;
import dev.vipfs.fs.content.ObjectInspector;
import dev.vipfs.fs.path.PathResolver;
import dev.vipfs.ipfs.unixfs.UnixfsReader;
import java.util.concurrent.Executor;

/** What the FUSE operations share: the mount's {@link MountParts} and the edge's own per-mount state. */
final class MountServices {
    final UnixfsReader reader;
    final ObjectInspector inspector;
    final PathResolver resolver;
    final ContentOpener content;
    final AccessGate gate;
    final NameIndex names;
    final ContentGate access;
    final Catalog catalog;
    final boolean allowPlaintext;
    final Executor prefetch;
    final OpenFiles files = new OpenFiles();
    final FuseCaller callers = new FuseCaller();
    /** Links whose target leaves the mount look absent (config "hide_escaping_symlinks", for web serving). */
    volatile boolean hideEscapingSymlinks;

    MountServices(MountParts parts) {
        this.reader = parts.reader();
        this.inspector = parts.inspector();
        this.resolver = parts.resolver();
        this.content = parts.content();
        this.gate = parts.gate();
        this.names = parts.names();
        this.access = parts.access();
        this.catalog = parts.catalog();
        this.allowPlaintext = parts.allowPlaintext();
        this.prefetch = parts.prefetch();
    }
}
