package dev.vipfs.ipfs.car;

import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.cid.Cid;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Exports a whole DAG as a CARv1 in the order Kubo's {@code ipfs dag export} uses: depth-first,
 * links in order, each block written once at its first visit. So the same DAG exports to the
 * same bytes here and in Kubo.
 */
public final class CarExporter {
    private CarExporter() {
    }

    /**
     * Writes the DAG under {@code root} to {@code out} (not closed) and returns the number of blocks.
     * Blocks come from {@code source}, which verifies them; a missing block fails the export.
     */
    public static long export(BlockSource source, Cid root, OutputStream out) throws IOException {
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        CarWriter writer = new CarWriter(buffered, List.of(root));
        Set<Cid> seen = new HashSet<>();
        // An explicit stack: a deep DAG must not overflow the thread stack.
        Deque<Cid> stack = new ArrayDeque<>();
        stack.push(root);
        long count = 0;
        while (!stack.isEmpty()) {
            Cid cid = stack.pop();
            if (!seen.add(cid)) {
                continue;
            }
            byte[] data = source.get(cid);
            writer.write(cid, data);
            count++;
            List<Cid> links = DagLinks.of(cid, data);
            for (int i = links.size() - 1; i >= 0; i--) {
                if (!seen.contains(links.get(i))) {
                    stack.push(links.get(i));
                }
            }
        }
        writer.flush();
        return count;
    }
}
