package dev.vipfs.cli;

import dev.vipfs.ipfs.ipns.NameResolver;

/** The IPNS resolver of a node's store, if the store can resolve names at all. */
final class NameResolvers {
    private NameResolvers() { }

    /** null when the store cannot resolve names (the embedded store has no network). */
    static NameResolver of(Node node) {
        return null;
    }
}
