package dev.vipfs.ipfs.kubo;

import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.block.BlockStream;
import dev.vipfs.ipfs.block.BlockVerifier;
import dev.vipfs.ipfs.block.DagExporter;
import dev.vipfs.ipfs.block.FileLeaf;
import dev.vipfs.ipfs.block.IntegrityException;
import dev.vipfs.ipfs.car.CarReader;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * A {@link BlockStore} backed by a Kubo daemon, over its {@link KuboRpcClient}. Every block read is
 * verified against its CID, single blocks and CAR-streamed ones alike; identity CIDs never touch
 * the network. Thread-safe: one instance may serve all FUSE threads.
 */
public final class KuboBlockSource implements BlockStore, DagExporter {
    private final KuboRpcClient rpc;
    private final boolean offline;
    private final int maxBlockSize;

    private KuboBlockSource(Builder b, KuboAddress address) {
        this.rpc = new KuboRpcClient(b, address);
        this.offline = b.offline;
        this.maxBlockSize = b.maxBlockSize;
    }

    /** Starts configuring a Kubo block source. */
    public static Builder builder() {
        return new Builder();
    }

    /** The API address this source talks to. */
    public KuboAddress address() {
        return rpc.address();
    }

    /** The daemon's RPC client, for what is not a block: {@code add}, {@code cat}, {@code version}, pins. */
    public KuboRpcClient client() {
        return rpc;
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        Objects.requireNonNull(cid, "cid");
        byte[] inline = BlockVerifier.identityBlock(cid);
        if (inline != null) {
            return inline;
        }
        return BlockVerifier.verify(cid, rpc.blockGet(cid, offline, maxBlockSize), "Kubo at " + rpc.address());
    }

    /** True if the daemon holds the block locally (never fetches it from the network). */
    @Override
    public boolean has(Cid cid) throws IOException {
        Objects.requireNonNull(cid, "cid");
        return cid.isIdentity() || rpc.blockStat(cid);
    }

    /**
     * Stores a block in Kubo (unpinned) with the codec and hash of its CID, and checks that
     * Kubo computed the same multihash.
     *
     * @throws IntegrityException if {@code data} does not hash to {@code cid}
     */
    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(data, "data");
        BlockVerifier.verify(cid, data, "a put to Kubo at " + rpc.address());
        if (cid.isIdentity()) {
            return;
        }
        if (cid.multihash().code() != Multicodec.SHA2_256) {
            throw new IOException("block " + cid + " uses multihash 0x" + Long.toHexString(cid.multihash().code())
                    + "; only sha2-256 blocks can be stored through Kubo's block/put here");
        }
        Cid stored = rpc.blockPut(cid, data);
        if (!Arrays.equals(stored.multihash().toBytes(), cid.multihash().toBytes()) || stored.codec() != cid.codec()) {
            throw new IntegrityException("Kubo stored block " + cid + " as " + stored + " (different hash or codec)");
        }
    }

    @Override
    public void pin(Cid root) throws IOException {
        rpc.pin(root, true);
    }

    /**
     * Moves a recursive pin with {@code pin/update} (which walks only the changed part of the DAG);
     * when {@code from} is not pinned (a restart lost track of it, or it was unpinned by hand) it
     * pins {@code to} afresh.
     */
    @Override
    public void repin(Cid from, Cid to) throws IOException {
        if (from.equals(to) || !rpc.pinUpdate(from, to)) {
            rpc.pin(to, true);
        }
    }

    /** True when Kubo's gateway is known: RPC {@code dag/export} costs Kubo more CPU than per-block gets. */
    @Override
    public boolean canExportDags() {
        return rpc.hasGateway();
    }

    /** The fetch timeout: a stream that trickles holds a reader no longer than a block/get could. */
    @Override
    public java.time.Duration streamedBlockWait() {
        return rpc.fetchTimeout();
    }

    /**
     * The DAG under {@code root} as a CAR from Kubo's trustless gateway: one request instead of one
     * {@code block/get} per block, each block still verified by the reader. A block Kubo lacks ends the
     * stream early (a truncated CAR, or one with no blocks at all when the root is missing): callers
     * fetch what the stream did not bring.
     */
    @Override
    public CarReader exportDag(Cid root) throws IOException {
        InputStream in = rpc.gatewayCar(root);
        try {
            // A section is a block plus its CID.
            return new CarReader(in, maxBlockSize + 128);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * The leaves rebuilt from the parent's file bytes (one ranged gateway request, far cheaper for Kubo
     * than a CAR) when every leaf's block can be laid out from its content alone; otherwise, or when
     * the gateway serves no files, the parent's CAR. Every block is verified either way.
     */
    @Override
    public BlockStream exportLeaves(Cid parent, List<FileLeaf> leaves) throws IOException {
        if (rpc.hasGateway() && FileLeafStream.canRebuild(leaves, maxBlockSize)) {
            InputStream in = rpc.gatewayFile(parent, leaves.get(0).offset());
            if (in != null) {
                return new FileLeafStream(in, leaves, "Kubo's gateway at " + rpc.gatewayUrl().orElse("?") + " (file " + parent + ")");
            }
        }
        return exportDag(parent);
    }

    @Override
    public void close() {
        rpc.close();
    }

    /** Configures a {@link KuboBlockSource} and its {@link KuboRpcClient}, OkHttp-style. */
    public static final class Builder {
        KuboAddress address;
        String authorization;
        Duration connectTimeout = Duration.ofSeconds(5);
        Duration readTimeout = Duration.ofSeconds(30);
        Duration callTimeout = Duration.ZERO;
        Duration fetchTimeout = Duration.ZERO;
        int maxRetries = 3;
        Duration initialBackoff = Duration.ofMillis(100);
        boolean offline;
        int maxBlockSize = 4 << 20;
        OkHttpClient client;
        HttpUrl gateway;

        private Builder() {
        }

        /**
         * The same daemon's HTTP gateway (e.g. {@code http://127.0.0.1:8080}, Kubo writes it to
         * {@code $IPFS_PATH/gateway}); sequential reads then fetch many blocks per request.
         */
        public Builder gateway(String url) {
            this.gateway = dev.vipfs.ipfs.http.HttpTransport.baseUrl(url, "Kubo's gateway");
            return this;
        }

        /** The API address as a multiaddr or URL; by default the one in {@code $IPFS_PATH/api}. */
        public Builder address(String address) {
            this.address = KuboAddress.parse(address);
            return this;
        }

        /** The API address. */
        public Builder address(KuboAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** A Kubo auth secret, {@code basic:user:password} or {@code bearer:token}. */
        public Builder auth(String secret) {
            this.authorization = KuboAuthorization.headerValue(secret);
            return this;
        }

        /** Sets both connect and read timeouts. */
        public Builder timeout(Duration timeout) {
            connectTimeout(timeout);
            return readTimeout(timeout);
        }

        /** How long to wait for a connection (default 5 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /** How long a read may stall (default 30 s); also bounds writes. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "read timeout");
            return this;
        }

        /** An overall bound per call including the body (default none). */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = Objects.requireNonNull(timeout, "callTimeout");
            return this;
        }

        /**
         * The overall bound on one block read or check, its retries and body included (default none),
         * so a hung or trickling daemon fails a read within it: a {@link dev.vipfs.ipfs.block.FetchTimeoutException}.
         */
        public Builder fetchTimeout(Duration timeout) {
            this.fetchTimeout = dev.vipfs.ipfs.http.FetchDeadline.checked(Objects.requireNonNull(timeout, "timeout"));
            return this;
        }

        /** Retries after connection failures (default 3), the first after {@code initialBackoff}, doubling. */
        public Builder retries(int maxRetries, Duration initialBackoff) {
            if (maxRetries < 0 || maxRetries > 10) {
                throw new IllegalArgumentException("maxRetries must be 0..10, got " + maxRetries);
            }
            this.maxRetries = maxRetries;
            this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
            return this;
        }

        /** If true, {@code get} asks Kubo not to fetch missing blocks from the network. */
        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** The largest block accepted from Kubo (default 4 MiB). */
        public Builder maxBlockSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBlockSize must be positive");
            }
            this.maxBlockSize = bytes;
            return this;
        }

        /** Shares an existing client's connection pool and dispatcher (not closed by this source). */
        public Builder client(OkHttpClient client) {
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
}
