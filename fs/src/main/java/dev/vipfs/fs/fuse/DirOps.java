package dev.vipfs.fs.fuse;

import dev.vipfs.fs.attrs.DirectoryAttributes;
import dev.vipfs.fs.content.ObjectInfo;
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.fs.path.MountPath;
import dev.vipfs.fs.path.NotADirectoryLinkException;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.directory.DirEntry;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Operation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * readdir: the mount root lists catalogued roots, DAG directories list their links; both show only
 * the entries the caller could look up, so a listing never reveals a name the policy hides.
 */
final class DirOps {
    /** Root blocks fetched at once while a listing is filtered: the prefetch threads plus the caller. */
    private static final int LISTING_LANES = 5;
    private final MountServices s;

    DirOps(MountServices s) {
        this.s = s;
    }

    List<String> readdir(Caller caller, MountPath path) throws IOException, MountPath.NotACidException {
        List<String> names = new ArrayList<>();
        if (path.isRoot()) {
            // A CIDv0 root and its CIDv1 are one name: the set keeps the first.
            Set<String> roots = new LinkedHashSet<>();
            for (Cid root : s.catalog.roots()) {
                if (s.access.showsRoot(caller, root)) {
                    roots.add(CidSpelling.canonical(root));
                }
            }
            return new ArrayList<>(roots);
        }
        Cid cid = s.access.authorize(caller, path, Operation.LIST);
        ObjectInfo info = s.inspector.inspect(cid);
        if (info.kind() != ObjectInfo.Kind.DIRECTORY) {
            throw new NotADirectoryLinkException(path.raw() + " is not a directory");
        }
        List<DirEntry> entries = s.reader.list(cid);
        warm(cid, entries);
        for (DirEntry e : entries) {
            if (servable(e.name()) && s.access.shows(caller, path, e.name(), e.cid())) {
                names.add(e.name());
            }
        }
        return names;
    }

    /**
     * A listing is usually followed by a lookup and a getattr of every entry ({@code ls -l}): their
     * root blocks are fetched side by side now (the policy filter below needs them too) and their
     * names are remembered, so those calls hit caches instead of fetching one block after another.
     */
    private void warm(Cid dir, List<DirEntry> entries) {
        s.resolver.learn(dir, entries);
        s.reader.prefetch(entries.stream().map(DirEntry::cid).toList(), s.prefetch, LISTING_LANES);
    }

    /** Link names a path can reach: no separators, NULs or dot entries (a crafted DAG may hold any bytes). */
    private static boolean servable(String name) {
        return !name.isEmpty() && !name.equals(DirectoryAttributes.LINK_NAME) && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0 && name.indexOf('\0') < 0;
    }
}
