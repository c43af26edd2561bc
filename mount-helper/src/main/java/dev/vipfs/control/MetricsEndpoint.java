package dev.vipfs.control;

import dev.vipfs.fs.metrics.MountMetrics;
import dev.vipfs.fs.metrics.Timings;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * `vipfs mount --metrics HOST:PORT`: the counters of `vipfs status` and latency histograms of FUSE
 * operations and block fetches, in Prometheus' text format at /metrics. Counters are read from
 * {@link MountMetrics} when scraped; only the histograms are fed as requests happen.
 */
public final class MetricsEndpoint implements AutoCloseable {
    /** Seconds: a cached getattr takes microseconds, a gateway fetch up to the fetch timeout. */
    private static final double[] BUCKETS = {0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30};

    private final HTTPServer server;

    private MetricsEndpoint(HTTPServer server) {
        this.server = server;
    }

    /**
     * Parses HOST:PORT ([v6]:PORT too) and refuses an address other hosts could reach unless
     * allowRemote: the counters tell who reads how much.
     *
     * @throws IllegalArgumentException for a malformed or refused address
     */
    public static InetSocketAddress address(String hostPort, boolean allowRemote) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("--metrics needs HOST:PORT, e.g. 127.0.0.1:8888, not '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon).replaceAll("^\\[|\\]$", "");
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--metrics: '" + hostPort.substring(colon + 1) + "' is not a port number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--metrics: port " + port + " is not 1 to 65535");
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--metrics: unknown host '" + host + "'");
        }
        if (!a.isLoopbackAddress() && !allowRemote) {
            throw new IllegalArgumentException("--metrics " + hostPort + " is reachable from other hosts: use 127.0.0.1:PORT,"
                    + " or add --metrics-allow-remote if you mean it");
        }
        return new InetSocketAddress(a, port);
    }

    public static MetricsEndpoint start(InetSocketAddress at) throws IOException {
        MountMetrics m = MountMetrics.global();
        PrometheusRegistry registry = new PrometheusRegistry();
        CounterWithCallback.builder().name("vipfs_bytes").help("Bytes the mount read to callers, decrypted and took in writes")
                .labelNames("kind").callback(cb -> {
                    cb.call(m.bytesRead(), "read");
                    cb.call(m.bytesDecrypted(), "decrypted");
                    cb.call(m.bytesWritten(), "written");
                }).register(registry);
        CounterWithCallback.builder().name("vipfs_decisions").help("Audited policy decisions").labelNames("decision")
                .callback(cb -> {
                    cb.call(m.allowed(), "allow");
                    cb.call(m.denied(), "deny");
                }).register(registry);
        CounterWithCallback.builder().name("vipfs_errors").help("Errors answered at the mount, by errno").labelNames("kind")
                .callback(cb -> m.errorsByKind().forEach((k, v) -> cb.call(v, k))).register(registry);
        CounterWithCallback.builder().name("vipfs_cache_requests").help("Cache lookups by cache and result")
                .labelNames("cache", "result").callback(cb -> {
                    cb.call(m.segmentHits(), "segment", "hit");
                    cb.call(m.segmentMisses(), "segment", "miss");
                    cb.call(m.blockRequests() - m.blockFetches(), "block", "hit");
                    cb.call(m.blockFetches(), "block", "miss");
                }).register(registry);
        Histogram fuse = Histogram.builder().name("vipfs_fuse_operation_seconds").help("Latency of FUSE operations")
                .labelNames("operation").classicOnly().classicUpperBounds(BUCKETS).register(registry);
        Histogram fetch = Histogram.builder().name("vipfs_block_fetch_seconds").help("Latency of block fetches from the store")
                .classicOnly().classicUpperBounds(BUCKETS).register(registry);
        m.timings(new Timings() {
            @Override
            public void fuseOperation(String operation, long nanos) {
                fuse.labelValues(operation).observe(nanos / 1e9);
            }

            @Override
            public void blockFetch(long nanos) {
                fetch.observe(nanos / 1e9);
            }
        });
        HTTPServer server = HTTPServer.builder().inetAddress(at.getAddress()).port(at.getPort()).registry(registry).buildAndStart();
        return new MetricsEndpoint(server);
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        MountMetrics.global().timings(null);
        server.close();
    }
}
