package dev.vipfs.ipfs.block;

import dev.vipfs.ipfs.car.CarBlock;
import java.io.Closeable;
import java.io.IOException;

/** Blocks arriving one after another in one response, each verified against its CID before it is returned. */
public interface BlockStream extends Closeable {
    /**
     * The next block, or null at the end of the stream.
     *
     * @throws IntegrityException if the bytes sent under a CID do not hash to it
     */
    CarBlock next() throws IOException;
}
