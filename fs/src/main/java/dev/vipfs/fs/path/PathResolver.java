package dev.vipfs.fs.path;

import dev.vipfs.fs.attrs.DirectoryAttributes;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vipfs.fs.content.ObjectInfo;
import dev.vipfs.fs.content.ObjectInspector;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.directory.DirEntry;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Walks link names from a root CID, caching each (directory, name) step; DAGs are immutable. */
public final class PathResolver {
    private record Step(Cid dir, String name) { }

    private final UnixfsReader reader;
    private final ObjectInspector inspector;
    private final Cache<Step, Optional<Cid>> steps = Caffeine.newBuilder().maximumSize(200_000).build();

    public PathResolver(UnixfsReader reader, ObjectInspector inspector) {
        this.reader = reader;
        this.inspector = inspector;
    }

    /**
     * Records the steps a listing of {@code dir} has shown, as a lookup of each name would find
     * them; the first entry of a name wins, as it does in a lookup of a directory that repeats one.
     */
    public void learn(Cid dir, List<DirEntry> entries) {
        var known = steps.asMap();
        for (DirEntry e : entries) {
            known.putIfAbsent(new Step(dir, e.name()), Optional.of(e.cid()));
        }
        // A listing is whole: a directory without an attributes object is known to have none, so
        // the getattrs of `ls -l` that follow do not walk the directory's blocks again to find out.
        known.putIfAbsent(new Step(dir, DirectoryAttributes.LINK_NAME), Optional.empty());
    }

    /** The attributes object {@code dir} links, if any (docs/format.md "Attributes objects"). */
    public Optional<Cid> attributesObject(Cid dir) throws IOException {
        return step(dir, DirectoryAttributes.LINK_NAME);
    }

    /** The link {@code name} of {@code dir}, from the step cache or looked up once and remembered. */
    private Optional<Cid> step(Cid dir, String name) throws IOException {
        Step step = new Step(dir, name);
        Optional<Cid> found = steps.getIfPresent(step);
        if (found == null) {
            found = reader.lookup(dir, name);
            steps.put(step, found);
        }
        return found;
    }

    public Cid resolve(MountPath path) throws IOException {
        Cid current = path.root();
        StringBuilder walked = new StringBuilder(path.rootName());
        for (String name : path.links()) {
            ObjectInfo info = inspector.inspect(current);
            if (info.kind() != ObjectInfo.Kind.DIRECTORY) {
                throw new NotADirectoryLinkException(walked + " is not a directory");
            }
            if (name.equals(DirectoryAttributes.LINK_NAME)) {
                // Read only through stat of the entries it describes, with their checks (docs/security.md).
                throw new NoSuchLinkException("'" + name + "' is a directory's attributes object, not served by name");
            }
            Optional<Cid> next = step(current, name);
            walked.append('/').append(name);
            if (next.isEmpty()) {
                throw new NoSuchLinkException("no link named '" + name + "' in " + walked.substring(0, walked.length() - name.length() - 1));
            }
            current = next.get();
        }
        return current;
    }
}
