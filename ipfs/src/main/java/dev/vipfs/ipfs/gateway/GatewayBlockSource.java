package dev.vipfs.ipfs.gateway;

import dev.vipfs.ipfs.block.BlockNotFoundException;
import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.block.BlockVerifier;
import dev.vipfs.ipfs.block.IntegrityException;
import dev.vipfs.ipfs.block.cache.MemoryCacheStore;
import dev.vipfs.ipfs.car.CarBlock;
import dev.vipfs.ipfs.car.CarReader;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.http.BodyTooLargeException;
import dev.vipfs.ipfs.http.FetchDeadline;
import dev.vipfs.ipfs.http.HttpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Reads blocks from trustless HTTP gateways (IPFS Trustless Gateway spec): single blocks as
 * {@code application/vnd.ipld.raw}, or whole entities (optionally a byte range of a file) as a
 * CAR that is verified block by block into a local cache. Gateways are tried in order; a gateway
 * that lies, fails or lacks the block makes the next one be asked. Nothing unverified is ever
 * returned or cached. Thread-safe.
 */
public final class GatewayBlockSource implements BlockSource {
    static final String RAW = "application/vnd.ipld.raw";
    static final String CAR = "application/vnd.ipld.car";

    private final List<HttpUrl> gateways;
    private final OkHttpClient client;
    private final boolean ownsClient;
    private final BlockStore cache;
    private final int maxBlockSize;
    private final Duration fetchTimeout;
    private volatile boolean closed;

    private GatewayBlockSource(Builder b) {
        this.gateways = List.copyOf(b.gateways);
        this.client = HttpTransport.client(b.client, b.connectTimeout, b.readTimeout, b.callTimeout);
        this.ownsClient = b.client == null;
        this.cache = b.cache != null ? b.cache : new MemoryCacheStore(64L << 20);
        this.maxBlockSize = b.maxBlockSize;
        this.fetchTimeout = b.fetchTimeout;
    }

    /** Starts configuring a gateway source. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cache that verified blocks are stored in. */
    public BlockStore cache() {
        return cache;
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        Objects.requireNonNull(cid, "cid");
        byte[] inline = BlockVerifier.identityBlock(cid);
        if (inline != null) {
            return inline;
        }
        ensureOpen();
        if (cache.has(cid)) {
            try {
                return cache.get(cid);
            } catch (BlockNotFoundException | IntegrityException evictedOrCorrupt) {
                // Evicted between has and get, or rotten on disk: the gateways still have the truth.
            }
        }
        GatewayFailures failures = new GatewayFailures(cid);
        FetchDeadline deadline = FetchDeadline.after(fetchTimeout);
        for (HttpUrl gateway : gateways) {
            if (deadline.passed()) {
                throw failures.timedOut(deadline);
            }
            Request request = new Request.Builder().url(blockUrl(gateway, cid, "raw").build())
                    .header("Accept", RAW).get().build();
            byte[] verified;
            try (Response r = deadline.arm(client.newCall(request), "block " + cid).execute()) {
                if (!r.isSuccessful()) {
                    failures.status(gateway, r.code());
                    continue;
                }
                verified = BlockVerifier.verify(cid, readBounded(r.body(), maxBlockSize, cid, gateway), "gateway " + gateway);
            } catch (IntegrityException e) {
                failures.lie(gateway);
                continue;
            } catch (IOException e) {
                failures.error(gateway, deadline.explain(e, "block " + cid + " from gateway " + gateway));
                continue;
            }
            // Outside the try: a failing cache is the caller's problem, not the gateway's. Just
            // verified, so the cache need not hash it again.
            cache.putHashed(cid, verified);
            return verified;
        }
        throw failures.exception();
    }

    /** True if the block is cached, or a gateway answers a HEAD for it with 200. */
    @Override
    public boolean has(Cid cid) throws IOException {
        if (cid.isIdentity() || cache.has(cid)) {
            return true;
        }
        ensureOpen();
        IOException last = null;
        FetchDeadline deadline = FetchDeadline.after(fetchTimeout);
        for (HttpUrl gateway : gateways) {
            Request request = new Request.Builder().url(blockUrl(gateway, cid, "raw").build())
                    .header("Accept", RAW).head().build();
            try (Response r = deadline.arm(client.newCall(request), "whether a gateway has " + cid).execute()) {
                if (r.isSuccessful()) {
                    return true;
                }
            } catch (IOException e) {
                last = deadline.explain(e, "whether gateway " + gateway + " has " + cid);
                if (last instanceof dev.vipfs.ipfs.block.FetchTimeoutException && deadline.passed()) {
                    throw last;
                }
            }
        }
        if (last != null) {
            throw new IOException("no gateway could answer whether it has " + cid + ": " + last.getMessage(), last);
        }
        return false;
    }

    /**
     * Fetches the entity at {@code root} (a file, or a directory's own blocks) as a CAR, with
     * {@code entity-bytes=from:to} limiting a file to a byte range ({@code to} null means to the
     * end, inclusive otherwise), verifies each block and stores it in the cache.
     *
     * @return the number of blocks received and cached
     */
    public int prefetch(Cid root, long from, Long to) throws IOException {
        Objects.requireNonNull(root, "root");
        if (from < 0 || (to != null && to < from)) {
            throw new IllegalArgumentException("invalid entity byte range " + from + ":" + to);
        }
        ensureOpen();
        GatewayFailures failures = new GatewayFailures(root);
        for (HttpUrl gateway : gateways) {
            HttpUrl url = blockUrl(gateway, root, "car")
                    .addQueryParameter("dag-scope", "entity")
                    .addEncodedQueryParameter("entity-bytes", from + ":" + (to == null ? "*" : to.toString()))
                    .build();
            Request request = new Request.Builder().url(url)
                    .header("Accept", CAR + ";version=1;order=dfs;dups=n").get().build();
            int stored = 0;
            try (Response r = client.newCall(request).execute()) {
                if (!r.isSuccessful()) {
                    failures.status(gateway, r.code());
                    continue;
                }
                try (InputStream in = HttpTransport.bulkStream(r.body())) {
                    CarReader car = new CarReader(in, maxBlockSize + 128);
                    for (CarBlock block = car.next(); block != null; block = car.next()) {
                        // The reader verified it.
                        cache.putHashed(block.cid(), block.data());
                        stored++;
                    }
                }
                if (stored == 0) {
                    failures.error(gateway, new IOException("its CAR held no blocks"));
                    continue;
                }
                return stored;
            } catch (IntegrityException e) {
                failures.lie(gateway);
            } catch (IOException e) {
                failures.error(gateway, e);
            }
        }
        throw failures.exception();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        HttpTransport.release(client, ownsClient);
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("GatewayBlockSource is closed");
        }
    }

    private static HttpUrl.Builder blockUrl(HttpUrl gateway, Cid cid, String format) {
        return gateway.newBuilder().addPathSegment("ipfs").addPathSegment(cid.toString())
                .addQueryParameter("format", format);
    }

    /** A gateway that sends more than any block may hold is lying about the block, as far as we can tell. */
    private static byte[] readBounded(ResponseBody body, int max, Cid cid, HttpUrl gateway) throws IOException {
        try {
            return HttpTransport.readBounded(body, max, "block " + cid + " from gateway " + gateway);
        } catch (BodyTooLargeException e) {
            throw new IntegrityException(e.getMessage());
        }
    }

    /** Configures a {@link GatewayBlockSource}. */
    public static final class Builder {
        private final List<HttpUrl> gateways = new ArrayList<>();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration callTimeout = Duration.ZERO;
        private Duration fetchTimeout = Duration.ZERO;
        private BlockStore cache;
        private int maxBlockSize = 4 << 20;
        private OkHttpClient client;

        private Builder() {
        }

        /** Adds a gateway base URL, e.g. {@code http://127.0.0.1:8080}; gateways are tried in the order added. */
        public Builder gateway(String url) {
            HttpUrl parsed = HttpUrl.parse(Objects.requireNonNull(url, "url"));
            if (parsed == null) {
                throw new IllegalArgumentException("not a gateway URL: '" + url + "' (expected http(s)://host[:port])");
            }
            gateways.add(parsed);
            return this;
        }

        /** Sets both connect and read timeouts. */
        public Builder timeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            this.readTimeout = timeout;
            return this;
        }

        /** An overall bound per request, including a whole CAR download (default none). */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * The overall bound on one block fetch across every gateway asked, bodies included (default
         * none): a gateway that trickles bytes just inside the read timeout cannot hold a reader longer.
         */
        public Builder fetchTimeout(Duration timeout) {
            this.fetchTimeout = dev.vipfs.ipfs.http.FetchDeadline.checked(Objects.requireNonNull(timeout, "timeout"));
            return this;
        }

        /** Where verified blocks are kept (default: a 64 MiB {@link MemoryCacheStore}). */
        public Builder cache(BlockStore cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** The largest block accepted (default 4 MiB). */
        public Builder maxBlockSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBlockSize must be positive");
            }
            this.maxBlockSize = bytes;
            return this;
        }

        /** Shares an existing client's pools (not shut down by this source). */
        public Builder client(OkHttpClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Builds the source; at least one gateway is required. */
        public GatewayBlockSource build() {
            if (gateways.isEmpty()) {
                throw new IllegalArgumentException("GatewayBlockSource needs at least one gateway URL");
            }
            return new GatewayBlockSource(this);
        }
    }
}
