package dev.vipfs.ipfs.block;

import dev.vipfs.ipfs.car.CarReader;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** A block source that can send every block under a root in one response, as a CAR stream. */
public interface DagExporter {
    /** Whether {@link #exportDag} can work at all (a configured endpoint), checked before relying on it. */
    boolean canExportDags();

    /**
     * Opens the DAG under {@code root} as a CAR v1 stream in depth-first order; the reader verifies
     * every block against its CID. Closing it abandons the rest of the stream.
     */
    CarReader exportDag(Cid root) throws IOException;

    /**
     * The blocks of {@code leaves}, children of {@code parent} in this order, in one response, each
     * verified; by default the parent's whole DAG as a CAR ({@link #exportDag}). A stream may end
     * early or bring other blocks too: callers take what they asked for and fetch what did not come.
     */
    default BlockStream exportLeaves(Cid parent, List<FileLeaf> leaves) throws IOException {
        return exportDag(parent);
    }

    /**
     * How long a reader may wait for one block of such a stream before it fetches the block on its
     * own; zero leaves it to the stream. A source with an overall fetch deadline answers that, so a
     * stream that trickles cannot hold a reader beyond it (docs/config.md, fetch_timeout_seconds).
     */
    default Duration streamedBlockWait() {
        return Duration.ZERO;
    }
}
