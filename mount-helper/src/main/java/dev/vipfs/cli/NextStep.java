package dev.vipfs.cli;

import dev.vipfs.node.StoreFactory;

import dev.vipfs.crypto.NoPrivateKeyException;
import dev.vipfs.ipfs.block.FetchTimeoutException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the user can do about a failure, appended to the one line the CLI prints for it: every
 * error names its next step (issue #19). The wording follows the store that was opened, since
 * the remedy for a missing or damaged block depends on where blocks come from.
 */
final class NextStep {
    private NextStep() { }

    /** For an object this home has no private key for: which key, and how to bring it here. */
    static String missingKey(NoPrivateKeyException e) {
        List<String> names = e.keyNames();
        String name = names.size() == 1 ? names.get(0) : "NAME";
        String which = names.isEmpty() ? "the recipient's private key"
                : names.size() == 1 ? "the private key '" + name + "'"
                : "one of the private keys " + names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
        return "; to read it here, import " + which + ": 'vipfs key export-private " + name + " -o " + name
                + ".key' on a home that holds it, then 'vipfs key import-private " + name + ".key' here"
                + " ('vipfs key list' shows the keys this home has)";
    }

    /** For a block the opened store does not have. */
    static String missingBlock() {
        String store = StoreFactory.opened().orElse("embedded");
        return switch (store) {
            case "kubo" -> "; the Kubo node does not have it: import it there ('ipfs dag import FILE.car'),"
                    + " connect the node to a peer that has it, or read with --store gateway if a gateway has it";
            case "gateway" -> "; none of the configured gateways has it: add one that does to \"gateways\" in config.json,"
                    + " or read with --store kubo if a Kubo node has it";
            default -> "; it is not in this home's embedded store: a Kubo node or a gateway may have it"
                    + " (--store kubo, or --store gateway with \"gateways\" in config.json), or import its blocks"
                    + " with 'vipfs car import FILE.car' (from 'vipfs car export CID' or 'ipfs dag export CID' where it is)";
        };
    }

    /** For a block whose bytes do not hash to its CID: how to find every damaged one and restore it. */
    static String corruptBlock() {
        String store = StoreFactory.opened().orElse("embedded");
        String find = " 'vipfs car export ROOT -o /dev/null' reads and verifies every block of a tree and names the first bad one";
        return switch (store) {
            case "kubo" -> "; the Kubo node holds a damaged copy: 'ipfs repo verify' lists damaged blocks there,"
                    + " 'ipfs block rm CID' and a re-import ('ipfs dag import FILE.car') restore it;" + find;
            case "gateway" -> "; a gateway sent bytes that do not match the CID (nothing was used or cached):"
                    + " remove that gateway from \"gateways\" in config.json;" + find;
            default -> "; the file named above is damaged on disk: move it away, then restore the block with"
                    + " 'vipfs car import FILE.car' (a CAR from 'vipfs car export ROOT' or 'ipfs dag export ROOT' on a"
                    + " node that has it) or 'vipfs add' of the original;" + find;
        };
    }

    /** For a fetch that ran out of time. */
    static String timedOut() {
        return "; the source did not answer in time: check that it is up (for Kubo: 'ipfs id'),"
                + " or raise \"fetch_timeout_seconds\" in config.json for a slow one";
    }

    /** Whether {@code e} or a cause is a fetch timeout. */
    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FetchTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
