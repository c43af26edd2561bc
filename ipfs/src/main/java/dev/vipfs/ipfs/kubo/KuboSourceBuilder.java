package dev.vipfs.ipfs.kubo;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** Configures a {@link KuboBlockSource} and its {@link KuboRpcClient}, OkHttp-style. */
public final class KuboSourceBuilder {
    KuboAddress address;
    String authorization;
    Duration connectTimeout = Duration.ofSeconds(5);
    Duration readTimeout = Duration.ofSeconds(30);
    Duration callTimeout = Duration.ZERO;
    Duration fetchTimeout = Duration.ZERO;
    int maxRetries = 3;
    Duration initialBackoff = Duration.ofMillis(100);
    boolean offline;
    boolean onlyIfCached;
    int maxBlockSize = 4 << 20;
    OkHttpClient client;
    HttpUrl gateway;

    KuboSourceBuilder() {
    }

    KuboSourceBuilder copy() {
        KuboSourceBuilder b = new KuboSourceBuilder();
        b.address = address;
        b.authorization = authorization;
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.callTimeout = callTimeout;
        b.fetchTimeout = fetchTimeout;
        b.maxRetries = maxRetries;
        b.initialBackoff = initialBackoff;
        b.offline = offline;
        b.onlyIfCached = onlyIfCached;
        b.maxBlockSize = maxBlockSize;
        b.client = client;
        b.gateway = gateway;
        return b;
    }

    /**
     * The same daemon's HTTP gateway (e.g. {@code http://127.0.0.1:8080}, Kubo writes it to
     * {@code $IPFS_PATH/gateway}); sequential reads then fetch many blocks per request.
     */
    public KuboSourceBuilder gateway(String url) {
        this.gateway = dev.vipfs.ipfs.http.HttpTransport.baseUrl(url, "Kubo's gateway");
        return this;
    }

    /** The API address as a multiaddr or URL; by default the one in {@code $IPFS_PATH/api}. */
    public KuboSourceBuilder address(String address) {
        this.address = KuboAddress.parse(address);
        return this;
    }

    /** The API address. */
    public KuboSourceBuilder address(KuboAddress address) {
        this.address = Objects.requireNonNull(address, "address");
        return this;
    }

    /** A Kubo auth secret, {@code basic:user:password} or {@code bearer:token}. */
    public KuboSourceBuilder auth(String secret) {
        this.authorization = KuboAuthorization.headerValue(secret);
        return this;
    }

    /** Sets both connect and read timeouts. */
    public KuboSourceBuilder timeout(Duration timeout) {
        connectTimeout(timeout);
        return readTimeout(timeout);
    }

    /** How long to wait for a connection (default 5 s). */
    public KuboSourceBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = positive(timeout, "connect timeout");
        return this;
    }

    /** How long a read may stall (default 30 s); also bounds writes. */
    public KuboSourceBuilder readTimeout(Duration timeout) {
        this.readTimeout = positive(timeout, "read timeout");
        return this;
    }

    /** An overall bound per call including the body (default none). */
    public KuboSourceBuilder callTimeout(Duration timeout) {
        this.callTimeout = Objects.requireNonNull(timeout, "callTimeout");
        return this;
    }

    /**
     * The overall bound on one block read or check, its retries and body included (default none),
     * so a hung or trickling daemon fails a read within it: a {@link dev.vipfs.ipfs.block.FetchTimeoutException}.
     */
    public KuboSourceBuilder fetchTimeout(Duration timeout) {
        this.fetchTimeout = dev.vipfs.ipfs.http.FetchDeadline.checked(Objects.requireNonNull(timeout, "timeout"));
        return this;
    }

    /** Retries after connection failures (default 3), the first after {@code initialBackoff}, doubling. */
    public KuboSourceBuilder retries(int maxRetries, Duration initialBackoff) {
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("maxRetries must be 0..10, got " + maxRetries);
        }
        this.maxRetries = maxRetries;
        this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
        return this;
    }

    /** If true, {@code get} asks Kubo not to fetch missing blocks from the network. */
    public KuboSourceBuilder offline(boolean offline) {
        this.offline = offline;
        return this;
    }

    /** The largest block accepted from Kubo (default 4 MiB). */
    public KuboSourceBuilder maxBlockSize(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("maxBlockSize must be positive");
        }
        this.maxBlockSize = bytes;
        return this;
    }

    /** Shares an existing client's connection pool and dispatcher (not closed by this source). */
    public KuboSourceBuilder client(OkHttpClient client) {
        this.client = Objects.requireNonNull(client, "client");
        return this;
    }

    /**
     * Builds the source. Without an explicit address, reads {@code $IPFS_PATH/api}.
     *
     * @throws IOException if the address has to be discovered and the api file is unusable
     */
    public KuboBlockSource build() throws IOException {
        return new KuboBlockSource(this, address != null ? address : KuboAddress.discover());
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }
}
