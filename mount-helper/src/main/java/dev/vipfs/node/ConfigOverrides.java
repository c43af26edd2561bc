package dev.vipfs.node;

import dev.vipfs.exit.UserException;

/** Flags of one run that override config.json keys (`vipfs mount --segment-cache-mib` & co.). */
public interface ConfigOverrides {
    void applyTo(Config config) throws UserException;
}
