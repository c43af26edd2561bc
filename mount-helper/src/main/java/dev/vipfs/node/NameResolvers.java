package dev.vipfs.node;

import dev.vipfs.fs.alias.IpnsNames;
import dev.vipfs.ipfs.http.HttpTransport;
import dev.vipfs.ipfs.ipns.CachingNameResolver;
import dev.vipfs.ipfs.ipns.GatewayRecords;
import dev.vipfs.ipfs.ipns.NameResolver;
import dev.vipfs.ipfs.ipns.RecordNameResolver;
import dev.vipfs.ipfs.kubo.KuboBlockSource;
import dev.vipfs.ipfs.kubo.KuboNames;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * The IPNS resolver of a node's store. Key names are resolved from signed records fetched from a
 * gateway (Kubo's own, or the configured trustless gateways) and verified here, so the TTL the
 * publisher chose is known; DNSLink domains, which have no signed record, only through Kubo.
 */
public final class NameResolvers {
    /** However long a record says, a name is asked again at least this often. */
    public static final Duration MAX_TTL = Duration.ofMinutes(5);
    /** name/resolve does not report a TTL: Kubo's answer is reused this long. */
    public static final Duration KUBO_ANSWER_TTL = Duration.ofSeconds(10);

    private NameResolvers() { }

    /** null when the store cannot resolve names (the embedded store has no network). */
    public static NameResolver of(Node node) {
        NameResolver inner = uncached(node);
        return inner == null ? null : new CachingNameResolver(inner, MAX_TTL, System::nanoTime);
    }

    public static NameResolver uncached(Node node) {
        Duration timeout = Duration.ofSeconds(node.config().fetchTimeoutSeconds);
        if (node.store() instanceof KuboBlockSource kubo) {
            KuboNames names = new KuboNames(kubo.client(), KUBO_ANSWER_TTL);
            NameResolver keys = kubo.client().gatewayUrl()
                    .<NameResolver>map(g -> verified(List.of(g), timeout)).orElse(names);
            return name -> IpnsNames.isKey(name) ? keys.resolve(name) : names.resolve(name);
        }
        String store = StoreFactory.overridden().orElse(node.config().store);
        if (store.equals("gateway") && !node.config().gateways.isEmpty()) {
            NameResolver keys = verified(node.config().gateways, timeout);
            return name -> {
                if (!IpnsNames.isKey(name)) {
                    throw new IOException("/ipns/" + name + " is a DNSLink name, which has no signed record a gateway"
                            + " store can verify; resolve it with --store kubo");
                }
                return keys.resolve(name);
            };
        }
        return null;
    }

    private static NameResolver verified(List<String> gateways, Duration timeout) {
        OkHttpClient client = HttpTransport.client(null, timeout, timeout, timeout);
        return new RecordNameResolver(new GatewayRecords(gateways, client), Clock.systemUTC());
    }
}
