package dev.vipfs.fs.names;

import dev.vipfs.fs.catalog.NameFiles;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multihash;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names a root's tree from the names file a mount wrote when it last walked that tree, or walks it
 * and writes that file. Trees are immutable, so a walk that met no problem is the tree's names for
 * good; a missing, truncated or altered file is ignored and the tree walked again.
 */
final class StoredTreeNamer {
    private static final Logger LOG = LoggerFactory.getLogger(StoredTreeNamer.class);

    private final TreeNamer namer;
    private final NameFiles files;

    /** files: where names files live, null to walk every tree every time. */
    StoredTreeNamer(TreeNamer namer, NameFiles files) {
        this.namer = namer;
        this.files = files;
    }

    /** Adds every name under {@code root} to {@code sink}; what could not be walked goes to {@code problems}. */
    void name(Cid root, NameSink sink, List<String> problems) throws NameSink.IndexLimitException {
        String top = CidSpelling.canonical(root);
        Map<Multihash, NameNode[]> stored = stored(root, top);
        if (stored != null) {
            sink.addAll(stored);
            return;
        }
        NameSink walked = sink.another();
        List<String> walkProblems = new ArrayList<>();
        namer.walk(NameNode.top(top), root, walked, walkProblems);
        problems.addAll(walkProblems);
        if (walkProblems.isEmpty() && files != null) {
            try {
                files.write(top, TreeNameFile.encode(root, walked.names()));
            } catch (IOException | RuntimeException e) {
                LOG.info("cannot store the names of {} (the next mount walks it again): {}", top, e.getMessage());
            }
        }
        sink.addAll(walked.names());
    }

    private Map<Multihash, NameNode[]> stored(Cid root, String top) {
        if (files == null) {
            return null;
        }
        try {
            Optional<byte[]> bytes = files.read(top);
            return bytes.isEmpty() ? null : TreeNameFile.decode(root, bytes.get());
        } catch (TreeNameFile.CorruptException e) {
            LOG.warn("ignoring the names file of {} and walking the tree again: {}", top, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the names file of {}, walking the tree again: {}", top, e.getMessage());
        }
        return null;
    }
}
