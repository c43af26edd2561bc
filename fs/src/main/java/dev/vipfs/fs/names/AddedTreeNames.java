package dev.vipfs.fs.names;

import dev.vipfs.fs.catalog.Catalog;
import dev.vipfs.fs.content.ObjectInspector;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The names file of a tree the command line has just added, written then rather than by the first
 * mount: that mount would otherwise walk the tree before its first decision (docs/names-file.md).
 * It is the walk a mount makes, with the same namer, so the file is the one the mount would write.
 */
public final class AddedTreeNames {
    private AddedTreeNames() { }

    /**
     * Walks {@code root} in {@code catalog}'s store and writes its names file when the walk met no
     * problem and this thread acts as the catalogue's owner; otherwise leaves it to the next mount.
     * Never fails the command: the file only saves a walk.
     */
    public static void store(UnixfsReader reader, ObjectInspector inspector, Catalog catalog, Cid root) {
        StoredTreeNamer names = new StoredTreeNamer(new TreeNamer(reader, inspector), catalog.nameFiles());
        List<String> problems = new ArrayList<>();
        try {
            names.name(root, new NameSink(NameIndex.DEFAULT_LIMIT), problems);
        } catch (NameSink.IndexLimitException tooMany) {
            // a mount indexes this tree with the others and reports the limit itself
        }
    }
}
