package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.node.NameResolvers;
import dev.vipfs.node.Node;
import dev.vipfs.node.VipfsHome;

import dev.vipfs.fs.alias.IpnsNames;
import dev.vipfs.fs.catalog.NamespaceCatalog;
import dev.vipfs.fs.write.WritableNamespace;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.ipns.NameResolver;
import dev.vipfs.ipfs.ipns.Resolution;
import dev.vipfs.ipfs.kubo.KuboNames;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `vipfs name …`: IPNS names for trees, through the store (keys live in Kubo). */
@Command(name = "name", mixinStandardHelpOptions = true,
        description = {"Publish and resolve IPNS names. Keys are Kubo's (ipfs key gen --type=ed25519 NAME);",
                "records fetched from gateways are verified against the name's key before use."},
        subcommands = {NameCommand.Publish.class, NameCommand.Resolve.class, NameCommand.Keys.class})
final class NameCommand {

    /** `vipfs name publish`. */
    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = {"Point a key's IPNS name at a CID, or at the MOUNT/data root ('data', the default).",
                    "Prints /ipns/NAME. Example: vipfs --store kubo name publish --key site data"})
    static final class Publish implements Callable<Integer> {
        @Option(names = "--key", paramLabel = "K", description = "Kubo key name (default: self, the node's own)")
        String key = "self";

        @Option(names = "--ttl", paramLabel = "SECONDS", description = "how long readers may cache the record (default 30)")
        long ttlSeconds = PublishOnCommit.TTL.toSeconds();

        @Option(names = "--lifetime", paramLabel = "HOURS", description = "how long the record stays valid (default 24)")
        long lifetimeHours = PublishOnCommit.LIFETIME.toHours();

        @Parameters(arity = "0..1", paramLabel = "CID|data")
        String target = "data";

        @Override
        public Integer call() throws Exception {
            if (ttlSeconds < 1 || lifetimeHours < 1) {
                throw new UserException("--ttl and --lifetime must be positive");
            }
            try (Node node = Node.open(VipfsHome.resolve())) {
                KuboNames names = PublishOnCommit.kubo(node, "vipfs name publish");
                PublishOnCommit.requireKey(names, key);
                Cid cid = target.equals("data") ? dataRoot(node) : cid(target);
                String name = names.publish(key, cid, Duration.ofSeconds(ttlSeconds), Duration.ofHours(lifetimeHours));
                System.out.println("/ipns/" + name + " -> /ipfs/" + cid);
            }
            return ExitCodes.OK;
        }

        private static Cid dataRoot(Node node) throws Exception {
            NamespaceCatalog catalog = NamespaceCatalog.openReadOnly(node.home().catalogDir());
            return WritableNamespace.rootCid(catalog, new UnixfsImporter(node.store(), node.importOptions()));
        }

        private static Cid cid(String text) throws UserException {
            try {
                return Cid.parse(text.startsWith("/ipfs/") ? text.substring(6) : text);
            } catch (IllegalArgumentException e) {
                throw new UserException("'" + text + "' is neither a CID nor 'data': " + e.getMessage());
            }
        }
    }

    /** `vipfs name resolve`. */
    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = {"Print the /ipfs/ path an IPNS name points to now (verified; expired or forged records fail).",
                    "Example: vipfs --store kubo name resolve k51…"})
    static final class Resolve implements Callable<Integer> {
        @Parameters(arity = "1", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            String n = name.startsWith("/ipns/") ? name.substring(6) : name;
            if (!IpnsNames.plausible(n)) {
                throw new UserException("'" + name + "' is not an IPNS name (k51… or a DNS domain)");
            }
            try (Node node = Node.open(VipfsHome.resolve())) {
                NameResolver resolver = NameResolvers.uncached(node);
                if (resolver == null) {
                    throw new UserException("the embedded store cannot resolve IPNS names: use --store kubo or gateway");
                }
                Resolution r = resolver.resolve(n);
                System.out.println("/ipfs/" + r.root() + (r.links().isEmpty() ? "" : "/" + String.join("/", r.links())));
            }
            return ExitCodes.OK;
        }
    }

    /** `vipfs name keys`. */
    @Command(name = "keys", mixinStandardHelpOptions = true, description = "List the Kubo keys names can be published with.")
    static final class Keys implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            try (Node node = Node.open(VipfsHome.resolve())) {
                for (KuboNames.Key k : PublishOnCommit.kubo(node, "vipfs name keys").keys()) {
                    System.out.println(k.id() + " " + k.name());
                }
            }
            return ExitCodes.OK;
        }
    }
}
