package dev.vipfs.node;

import dev.vipfs.crypto.keys.Keyring;
import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.fs.catalog.Catalog;
import dev.vipfs.fs.content.ObjectInspector;
import dev.vipfs.fs.names.AddedTreeNames;
import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.block.EmbeddedBlockstore;
import dev.vipfs.ipfs.block.cache.CachingBlockSource;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import dev.vipfs.privilege.ActingAs;
import dev.vipfs.privilege.ServiceUser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The composition root: opens the store, keyring and catalogue a home is configured for. */
public final class Node implements AutoCloseable {
    /** Decoded DAG interiors: 8 MiB holds the link index of a few GiB of files, or a 10,000-entry HAMT. */
    private static final long INTERIOR_CACHE_BYTES = 8L << 20;
    /** Below a segment (64 KiB + tag) and a default chunk (256 KiB): headers, roots, small files. */
    private static final int LOCAL_CACHED_BLOCK_BYTES = 32 << 10;
    private final VipfsHome home;
    private final Config config;
    private final BlockStore store;
    private final UnixfsReader reader;
    private final Keyring keyring;
    private final Catalog catalog;
    /** The last {@link #heldReader}'s source when it is not the store itself; closed with the node. */
    private BlockSource held;
    private CachingBlockSource heldBlocks;
    /** Set while this thread acts as the store's owner (a service user); closed with the node. */
    private ActingAs actingAs;

    private Node(VipfsHome home, Config config, BlockStore store, Keyring keyring, Catalog catalog) {
        this.home = home;
        this.config = config;
        this.store = store;
        // Small blocks (roots, headers, small files) are read over and over by lookups; file leaves
        // of the local store are held by the page cache, those of Kubo or a gateway only here.
        int maxEntry = store instanceof EmbeddedBlockstore ? LOCAL_CACHED_BLOCK_BYTES : Integer.MAX_VALUE;
        CachingBlockSource blocks = new CachingBlockSource(store, (long) config.blockCacheMib << 20, maxEntry);
        blocks.observeFetches(dev.vipfs.fs.metrics.MountMetrics.global()::blockRequest);
        this.reader = new UnixfsReader(blocks, INTERIOR_CACHE_BYTES, config.directoryLimits());
        this.keyring = keyring;
        this.catalog = catalog;
    }

    /** Opens a home; run as root on a service user's store, the store is opened as that user. */
    public static Node open(VipfsHome home) throws UserException, IOException {
        home.requireInitialised();
        return open(home, StoreOwner.of(home));
    }

    /**
     * Reads config.json and keys/ as the caller, then, when {@code actAs} is set, switches this
     * thread's file identity to it (until {@link #close} or {@link #stopActing}) before anything in
     * blocks/ or catalog/ is touched; threads the store starts from here inherit that identity.
     */
    public static Node open(VipfsHome home, ServiceUser actAs) throws UserException, IOException {
        Config config = home.loadConfig();
        Keyring keyring;
        try {
            keyring = Keyring.open(home.keysDir());
        } catch (dev.vipfs.crypto.keys.KeyringException e) {
            throw new UserException(e.getMessage(), ExitCodes.FAILED);
        }
        if (actAs != null) {
            StoreOwner.acting(actAs);
        }
        ActingAs scope = actAs == null ? null : ActingAs.enter(actAs);
        try {
            BlockStore store = StoreFactory.open(home, config);
            Node node = new Node(home, config, store, keyring, new Catalog(home.catalogDir()));
            node.actingAs = scope;
            return node;
        } catch (UserException | IOException | RuntimeException e) {
            if (scope != null) {
                scope.close();
            }
            throw e;
        }
    }

    /** The caller's own file identity on this thread until closed: for paths outside the home, like the mountpoint. */
    AutoCloseable asCaller() {
        return actingAs == null ? () -> { } : actingAs.suspend();
    }

    /** Back to the caller's own file identity on this thread (the mount, before it mounts as root). */
    public void stopActing() {
        if (actingAs != null) {
            actingAs.close();
        }
    }

    public VipfsHome home() {
        return home;
    }

    public Config config() {
        return config;
    }

    public BlockStore store() {
        return store;
    }

    public UnixfsReader reader() {
        return reader;
    }

    /**
     * A reader for work nobody asked for (a mount's warm-up) that fetches nothing from the network:
     * the node's own when its store holds every block it serves (the embedded one), else a new one,
     * with caches of its own, over the blocks the store's daemon already holds (Kubo); empty when the
     * store cannot be read that way (gateways). Each call builds a new one, kept by no one else.
     */
    public synchronized Optional<UnixfsReader> heldReader() {
        Optional<BlockSource> view = store.heldBlocksOnly();
        if (view.isEmpty() || view.get() == store) {
            return view.map(v -> reader);
        }
        closeHeld();
        held = view.get();
        heldBlocks = new CachingBlockSource(held, (long) config.blockCacheMib << 20);
        return Optional.of(new UnixfsReader(heldBlocks, INTERIOR_CACHE_BYTES, config.directoryLimits()));
    }

    /**
     * Ends what the last {@link #heldReader} started when it was not the node's own reader: its
     * read-ahead streams from the daemon stop and its caches are dropped now, not when idle.
     */
    public synchronized void releaseHeld() {
        closeHeld();
    }

    private void closeHeld() {
        if (heldBlocks != null) {
            heldBlocks.close();
            heldBlocks = null;
        }
        if (held != null) {
            try {
                held.close();
            } catch (Exception ignored) {
                // It only shares the store's connections; closing releases nothing that matters.
            }
            held = null;
        }
    }

    public Keyring keyring() {
        return keyring;
    }

    public Catalog catalog() {
        return catalog;
    }

    /**
     * Records a tree just added as a catalogued root, and writes its names file so that the next
     * mount need not walk it before serving (a file that cannot be written is left to that mount).
     */
    public void catalogueRoot(String name, Cid root) throws IOException {
        catalog.record(name, root, true);
        AddedTreeNames.store(reader, new ObjectInspector(reader), catalog, root);
    }

    public ImportOptions importOptions() {
        return ImportOptions.kuboDefault();
    }

    /** The recipients new objects are encrypted to: --recipient names, else the config's, else every key. */
    public List<RecipientKey> recipients(List<String> names) throws UserException {
        List<String> chosen = names != null && !names.isEmpty() ? names : config.recipients;
        List<RecipientKey> out = new ArrayList<>();
        try {
            if (chosen.isEmpty()) {
                out.addAll(keyring.defaultRecipients());
            } else {
                for (String n : chosen) {
                    out.add(keyring.current(n));
                }
            }
        } catch (RuntimeException e) {
            throw new UserException("cannot use recipient keys " + chosen + ": " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new UserException("no keys to encrypt to (run: vipfs key generate)");
        }
        return out;
    }

    @Override
    public void close() {
        try {
            // Every command syncs before it prints or records a CID; this only catches a forgotten path.
            store.sync();
        } catch (IOException e) {
            System.err.println("vipfs: warning: the block store could not be flushed: " + e.getMessage());
        }
        synchronized (this) {
            closeHeld();
        }
        try {
            store.close();
        } catch (Exception ignored) {
            // Closing releases files and connection pools only.
        } finally {
            stopActing();
        }
    }
}
