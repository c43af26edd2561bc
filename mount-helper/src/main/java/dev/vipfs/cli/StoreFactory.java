package dev.vipfs.cli;

import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.block.EmbeddedBlockstore;
import java.io.IOException;

/** Opens the block store a config names. */
final class StoreFactory {
    private StoreFactory() { }

    static BlockStore open(VipfsHome home, Config config) throws UserException, IOException {
        switch (config.store) {
            case "embedded":
                return new EmbeddedBlockstore(home.blocksDir());
            default:
                throw new UserException("unknown store '" + config.store + "' in " + home.configFile()
                        + " (expected embedded, kubo or gateway)");
        }
    }
}
