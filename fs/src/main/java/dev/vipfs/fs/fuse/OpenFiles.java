package dev.vipfs.fs.fuse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mount's one table of file handles handed to the kernel on open. Lookups name the kind of
 * {@link OpenFile} they serve, so a handle of one tree can never be used as another's.
 */
final class OpenFiles {
    private final AtomicLong next = new AtomicLong(1);
    private final Map<Long, OpenFile> open = new ConcurrentHashMap<>();

    long add(OpenFile file) {
        long fh = next.getAndIncrement();
        open.put(fh, file);
        return fh;
    }

    /** The file behind fh if it is of the given kind, else null. */
    <T extends OpenFile> T get(long fh, Class<T> kind) {
        OpenFile f = open.get(fh);
        return kind.isInstance(f) ? kind.cast(f) : null;
    }

    /** Forgets fh if it is of the given kind, returning its file, else null. */
    <T extends OpenFile> T remove(long fh, Class<T> kind) {
        OpenFile f = open.get(fh);
        return kind.isInstance(f) && open.remove(fh, f) ? kind.cast(f) : null;
    }

    /**
     * Whether fh reads bytes that never change: a content file, or a committed version of a
     * MOUNT/data file. Closing such a handle has nothing to flush ({@link OpenReplyChannel}); a
     * handle on a file being written (even a reader's) is not one.
     */
    boolean immutable(long fh) {
        OpenFile f = open.get(fh);
        return f instanceof OpenFile.Content || f instanceof OpenFile.Committed;
    }

    int count() {
        return open.size();
    }
}
