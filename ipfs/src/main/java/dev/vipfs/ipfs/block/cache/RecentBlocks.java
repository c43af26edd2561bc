package dev.vipfs.ipfs.block.cache;

import dev.vipfs.ipfs.cid.Cid;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last few verified blocks that went by, least recently used out first. Unlike
 * {@link BlockCache} it admits every block: Caffeine's frequency-based admission turns away blocks
 * seen once, which is exactly what a streamed leaf asked for a second time moments later is.
 */
final class RecentBlocks {
    private final long maxBytes;
    private final LinkedHashMap<Cid, byte[]> blocks = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    RecentBlocks(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The block as kept (callers copy it before handing it out), or null. */
    synchronized byte[] get(Cid cid) {
        return blocks.get(cid);
    }

    synchronized void put(Cid cid, byte[] block) {
        byte[] old = blocks.put(cid, block);
        bytes += block.length - (old == null ? 0 : old.length);
        for (Iterator<Map.Entry<Cid, byte[]>> it = blocks.entrySet().iterator(); bytes > maxBytes && it.hasNext(); ) {
            bytes -= it.next().getValue().length;
            it.remove();
        }
    }
}
