package dev.vipfs.fs.fuse;

import dev.vipfs.fs.content.ContentReader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** File handles handed to the kernel on open, mapped to their readers. */
final class OpenFiles {
    private final AtomicLong next = new AtomicLong(1);
    private final Map<Long, ContentReader> open = new ConcurrentHashMap<>();

    long add(ContentReader reader) {
        long fh = next.getAndIncrement();
        open.put(fh, reader);
        return fh;
    }

    ContentReader get(long fh) {
        return open.get(fh);
    }

    void remove(long fh) {
        open.remove(fh);
    }

    int count() {
        return open.size();
    }
}
