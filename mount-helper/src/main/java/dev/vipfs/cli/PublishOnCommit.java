package dev.vipfs.cli;

import dev.vipfs.exit.UserException;
import dev.vipfs.node.NameResolvers;
import dev.vipfs.node.Node;

import dev.vipfs.fs.named.NamespacePublisher;
import dev.vipfs.fs.write.WritableNamespace;
import dev.vipfs.ipfs.kubo.KuboBlockSource;
import dev.vipfs.ipfs.kubo.KuboNames;
import java.io.IOException;
import java.time.Duration;

/** {@code vipfs mount --publish KEY}: MOUNT/data's root under a Kubo key, after commits and before expiry. */
final class PublishOnCommit {
    /** How long readers may reuse the record: a write is seen elsewhere within about this long. */
    static final Duration TTL = Duration.ofSeconds(30);
    static final Duration LIFETIME = Duration.ofHours(24);
    /** Republished this often even without writes, well inside the lifetime. */
    static final Duration REFRESH = Duration.ofHours(4);
    /** A burst of commits costs one publish per this interval (the last state is always published). */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(3);

    private PublishOnCommit() { }

    static NamespacePublisher start(Node node, WritableNamespace namespace, String key) throws UserException, IOException {
        if (namespace == null) {
            throw new UserException("--publish needs MOUNT/data: not with --read-only or a read-only store");
        }
        KuboNames names = kubo(node, "--publish");
        requireKey(names, key);
        return new NamespacePublisher(() -> namespace.catalog().generation(), () -> namespace.cid(""),
                root -> names.publish(key, root, TTL, LIFETIME), MIN_INTERVAL, REFRESH).start();
    }

    static KuboNames kubo(Node node, String what) throws UserException {
        if (!(node.store() instanceof KuboBlockSource kubo)) {
            throw new UserException(what + " needs the kubo store (--store kubo): IPNS keys live in Kubo (ipfs key gen NAME)");
        }
        return new KuboNames(kubo.client(), NameResolvers.KUBO_ANSWER_TTL);
    }

    static void requireKey(KuboNames names, String key) throws UserException, IOException {
        if (names.keys().stream().noneMatch(k -> k.name().equals(key))) {
            throw new UserException("Kubo has no key named '" + key + "': create it with 'ipfs key gen --type=ed25519 "
                    + key + "' (or import the shared one with 'ipfs key import')");
        }
    }
}
