package dev.vipfs.fs.fuse;

import dev.vipfs.fs.access.AccessGate;
import dev.vipfs.fs.access.ContentGate;
import dev.vipfs.fs.catalog.Catalog;
import dev.vipfs.fs.content.ContentOpener;
import dev.vipfs.fs.content.ObjectInspector;
import dev.vipfs.fs.names.NameIndex;
import dev.vipfs.fs.path.PathResolver;
import dev.vipfs.ipfs.unixfs.UnixfsReader;
import java.util.concurrent.Executor;

/**
 * The parts of one mount that the FUSE operations use, assembled outside the FUSE edge (by
 * mount-helper's {@code node.MountAssembly}) so that this package builds none of them.
 *
 * @param prefetch the threads that load segments and listing entries ahead of readers; whoever
 *                 built it shuts it down once the mount is gone
 * @param allowPlaintext whether objects that are not envelopes are served
 */
public record MountParts(UnixfsReader reader, ObjectInspector inspector, PathResolver resolver,
                         ContentOpener content, AccessGate gate, NameIndex names, ContentGate access,
                         Catalog catalog, boolean allowPlaintext, Executor prefetch) {
}
