package dev.vipfs.ipfs.car;

import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Imports every block of a CAR stream into a block store, verifying each on the way. */
public final class CarImporter {
    private CarImporter() {
    }

    /**
     * Reads the CAR from {@code in} (not closed), stores its blocks and returns the header's roots.
     * Blocks before a malformed or lying section stay stored; the error names the bad section.
     */
    public static List<Cid> importTo(InputStream in, BlockStore store) throws IOException {
        CarReader reader = new CarReader(in);
        for (CarBlock block = reader.next(); block != null; block = reader.next()) {
            store.put(block.cid(), block.data());
        }
        store.sync();
        return reader.roots();
    }
}
