package dev.vipfs.node;

import dev.vipfs.exit.UserException;
import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.block.EmbeddedBlockstore;
import dev.vipfs.ipfs.gateway.GatewayBlockSource;
import dev.vipfs.ipfs.kubo.KuboAddress;
import dev.vipfs.ipfs.kubo.KuboBlockSource;
import dev.vipfs.ipfs.kubo.KuboSourceBuilder;
import java.io.IOException;
import java.time.Duration;

/** Opens the block store a config names (or --store overrides). */
public final class StoreFactory {
    private static volatile String override;
    /** The store this run opened, for messages that say where to look for a block. */
    private static volatile String opened;

    private StoreFactory() { }

    /** Set by the global --store option. */
    public static void override(String store) {
        override = store;
        opened = null;
    }

    /** The kind of store this run opened (embedded, kubo or gateway), if it opened one. */
    public static java.util.Optional<String> opened() {
        return java.util.Optional.ofNullable(opened);
    }

    public static java.util.Optional<String> overridden() {
        return java.util.Optional.ofNullable(override);
    }

    static BlockStore open(VipfsHome home, Config config) throws UserException, IOException {
        String store = override != null ? override : config.store;
        opened = store;
        switch (store) {
            case "embedded":
                return new EmbeddedBlockstore(home.blocksDir());
            case "kubo":
                try {
                    KuboAddress address = config.kuboApi != null ? KuboAddress.parse(config.kuboApi) : KuboAddress.discover();
                    KuboSourceBuilder b = KuboBlockSource.builder().address(address)
                            .timeout(Duration.ofSeconds(config.fetchTimeoutSeconds))
                            .fetchTimeout(Duration.ofSeconds(config.fetchTimeoutSeconds));
                    if (config.kuboAuth != null) {
                        b.auth(config.kuboAuth);
                    }
                    kuboGateway(config).ifPresent(b::gateway);
                    return b.build();
                } catch (IllegalArgumentException e) {
                    throw new UserException("kubo store: " + e.getMessage());
                }
            case "gateway":
                if (config.gateways.isEmpty()) {
                    throw new UserException("gateway store: no gateways in " + home.configFile()
                            + " (add \"gateways\": [\"http://127.0.0.1:8080\"])");
                }
                try {
                    GatewayBlockSource.Builder b = GatewayBlockSource.builder()
                            .timeout(Duration.ofSeconds(config.fetchTimeoutSeconds))
                            .fetchTimeout(Duration.ofSeconds(config.fetchTimeoutSeconds))
                            .cache(new EmbeddedBlockstore(home.blocksDir()));
                    for (String g : config.gateways) {
                        b.gateway(g);
                    }
                    return new ReadOnlyStore(b.build(), "the gateway store is read-only: add content with --store embedded or kubo");
                } catch (IllegalArgumentException e) {
                    throw new UserException("gateway store: " + e.getMessage());
                }
            default:
                throw new UserException("unknown store '" + store + "' (expected embedded, kubo or gateway)");
        }
    }

    /** The configured gateway, or the discovered daemon's own when its API was discovered too. */
    private static java.util.Optional<String> kuboGateway(Config config) throws IOException {
        if (config.kuboGateway != null) {
            return config.kuboGateway.isBlank() || config.kuboGateway.equalsIgnoreCase("off")
                    ? java.util.Optional.empty() : java.util.Optional.of(config.kuboGateway);
        }
        return config.kuboApi == null ? KuboAddress.discoverGateway(System.getenv()) : java.util.Optional.empty();
    }
}
