package dev.vipfs.ipfs.kubo;

import dev.vipfs.ipfs.block.BlockSource;
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
import java.util.Optional;

/**
 * A {@link BlockStore} backed by a Kubo daemon, over its {@link KuboRpcClient}. Every block read is
 * verified against its CID, single blocks and CAR-streamed ones alike; identity CIDs never touch
 * the network. Thread-safe: one instance may serve all FUSE threads.
 */
public final class KuboBlockSource implements BlockStore, DagExporter {
    /** A block the daemon holds comes back in milliseconds; one that takes longer is being looked for. */
    private static final Duration HELD_FETCH_TIMEOUT = Duration.ofSeconds(2);

    private final KuboSourceBuilder settings;
    private final KuboRpcClient rpc;
    private final boolean offline;
    private final int maxBlockSize;

    KuboBlockSource(KuboSourceBuilder b, KuboAddress address) {
        this.settings = b.copy();
        this.rpc = new KuboRpcClient(b, address);
        this.offline = b.offline;
        this.maxBlockSize = b.maxBlockSize;
    }

    /** Starts configuring a Kubo block source. */
    public static KuboSourceBuilder builder() {
        return new KuboSourceBuilder();
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

    /**
     * The same daemon asked only for what it holds: {@code block/get} with {@code offline=true} and
     * gateway requests with {@code Cache-Control: only-if-cached} (Kubo answers 412 for a DAG whose
     * root it lacks), each fetch bounded by a short timeout, over this source's connections. Closing
     * it leaves this source open.
     */
    @Override
    public Optional<BlockSource> heldBlocksOnly() {
        KuboSourceBuilder held = settings.copy();
        held.offline = true;
        held.onlyIfCached = true;
        held.fetchTimeout = held.fetchTimeout.isZero() || held.fetchTimeout.compareTo(HELD_FETCH_TIMEOUT) > 0
                ? HELD_FETCH_TIMEOUT : held.fetchTimeout;
        held.client = rpc.httpClient();
        return Optional.of(new KuboBlockSource(held, rpc.address()));
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
}
