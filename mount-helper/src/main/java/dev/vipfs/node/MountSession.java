package dev.vipfs.node;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.fs.access.AccessGate;
import dev.vipfs.fs.fuse.MountWarmup;
import dev.vipfs.fs.fuse.VipfsFuse;
import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.fs.mount.MountpointException;
import dev.vipfs.fs.mount.Mounts;
import dev.vipfs.fs.write.WritableNamespace;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** One mount of a node's content: checks the mountpoint, wires policy and audit, mounts and unmounts. */
public final class MountSession implements AutoCloseable {
    private final VipfsFuse fs;
    private final Path mountpoint;
    private final MountOptions options;
    private final AccessSetup.Access access;
    private final WritableNamespace namespace;
    private final MountAssembly assembly;
    private final Config config;
    private Thread thread;
    private volatile Throwable failure;

    private MountSession(VipfsFuse fs, Path mountpoint, MountOptions options, AccessSetup.Access access,
                         WritableNamespace namespace, MountAssembly assembly, Config config) {
        this.config = config;
        this.namespace = namespace;
        this.assembly = assembly;
        this.fs = fs;
        this.mountpoint = mountpoint;
        this.options = options;
        this.access = access;
    }

    public static MountSession create(Node node, Path mountpoint, MountOptions options, Runnable onInit)
            throws UserException, IOException {
        return create(node, mountpoint, options, onInit, false);
    }

    /** readOnly: no MOUNT/data, so every write path answers EROFS (and the kernel mount is "ro"). */
    public static MountSession create(Node node, Path mountpoint, MountOptions options, Runnable onInit, boolean readOnly)
            throws UserException, IOException {
        Path mp = mountpoint.toAbsolutePath().normalize();
        try (AutoCloseable asCaller = node.asCaller()) { // the mountpoint may be root's alone
            Mounts.checkMountpoint(mp);
        } catch (MountpointException e) {
            throw new UserException(e.getMessage());
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
        Config c = node.config();
        AccessSetup.Access access = AccessSetup.open(node);
        AccessGate gate = new AccessGate(access.policy(), access.audit());
        WritableNamespace namespace = readOnly ? null : openNamespace(node);
        MountAssembly assembly = MountAssembly.of(node, gate, namespace);
        VipfsFuse fs = new VipfsFuse(assembly.parts(), namespace, onInit);
        fs.serveNamed(assembly.namedRoots());
        fs.hideEscapingSymlinks(c.hideEscapingSymlinks);
        return new MountSession(fs, mp, options, access, namespace, assembly, c);
    }

    /** MOUNT/data over $VIPFS_HOME/catalog and /spool; none when the store cannot take writes. */
    private static WritableNamespace openNamespace(Node node) throws UserException {
        if (node.store() instanceof ReadOnlyStore) {
            return null;
        }
        try {
            return WritableNamespace.open(node.home().catalogDir(), node.home().dir().resolve("spool"),
                    new UnixfsImporter(node.store(), node.importOptions()), () -> {
                        try {
                            return node.recipients(java.util.List.of());
                        } catch (UserException e) {
                            // An empty list makes the commit fail with "no recipients configured".
                            return java.util.List.of();
                        }
                    });
        } catch (IOException e) {
            throw new UserException("cannot open the writable namespace (MOUNT/data): " + e.getMessage(), ExitCodes.FAILED);
        }
    }

    /**
     * Runs the mount's request paths over its own catalogue ({@link ServingWarmup}); for the init
     * callback, after the privilege drop and before readiness: libfuse answers the kernel's INIT
     * only once init returns, so no request meets code the warm-up has not had compiled.
     */
    public void warmUp() {
        if (config.warmUpMs <= 0) {
            return;
        }
        // Only what the store holds: a gateway's fetches could outlast warm_up_ms (and the kernel's
        // first request waits for this), and would tell the network what the catalogue holds.
        Optional<MountWarmup.Source> source = assembly.warmUpSource();
        if (source.isEmpty()) {
            System.err.println("vipfs: no warm-up: the " + StoreFactory.opened().orElse(config.store)
                    + " store cannot be read without fetching from the network");
            return;
        }
        // The mount's own trail's sync policy: the warm-up's lines cost what the mount's will.
        try {
            ServingWarmup.run(assembly.parts(), source.get(), access.audit().sync(), config.warmUpMs);
        } finally {
            assembly.warmUpDone();
        }
    }

    public Path mountpoint() {
        return mountpoint;
    }

    /** MOUNT/data's namespace, null on a read-only mount. */
    public WritableNamespace namespace() {
        return namespace;
    }

    public AccessSetup.Access access() {
        return access;
    }

    /** Re-reads policies; a set that fails to parse leaves the old one in force. */
    boolean reloadPolicies() {
        try {
            access.engine().reload();
            System.err.println("vipfs: policies reloaded");
            return true;
        } catch (Exception e) {
            System.err.println("vipfs: policy reload failed, keeping the previous policies: " + e.getMessage());
            return false;
        }
    }

    /** SIGHUP: re-reads policies and reopens the audit log (after logrotate moved it away); false if either failed. */
    public boolean reload() {
        boolean ok = reloadPolicies();
        try {
            access.audit().reopen();
            System.err.println("vipfs: audit log (re)opened: " + access.audit().file());
        } catch (Exception e) {
            System.err.println("vipfs: audit log reopen failed, still writing the open file: " + e.getMessage());
            ok = false;
        }
        return ok;
    }

    /** Asks for the mount to go away; the serving thread then returns. Unprivileged, this may fail. */
    public void requestUnmount() {
        try {
            fs.umount(); // fusermount -u -z: enough for root and for a user's own mount
        } catch (RuntimeException ignored) {
            // The caller checks whether the mount is gone.
        }
    }

    /** Mounts and serves until unmounted or signalled. */
    public void runForeground() throws UserException {
        try {
            fs.mount(mountpoint, true, false, options.toFuseArgs());
        } catch (RuntimeException e) {
            throw new UserException("mount on " + mountpoint + " failed: " + e.getMessage()
                    + " (is the fuse package installed and /dev/fuse present?)", ExitCodes.FAILED);
        }
    }

    /** Mounts on a background thread and returns once the kernel shows the mount. */
    public void start() throws UserException, InterruptedException {
        thread = new Thread(() -> {
            try {
                runForeground();
            } catch (Throwable t) {
                failure = t;
            }
        }, "vipfs-mount");
        thread.setDaemon(true);
        thread.start();
        long deadline = System.currentTimeMillis() + 15_000;
        while (!Mounts.isMounted(mountpoint)) {
            if (failure != null || !thread.isAlive()) {
                throw new UserException("mount on " + mountpoint + " failed"
                        + (failure == null ? "" : ": " + failure.getMessage()), ExitCodes.FAILED);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new UserException("mount on " + mountpoint + " did not appear within 15 s", ExitCodes.FAILED);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws Exception {
        if (Mounts.isMounted(mountpoint)) {
            try {
                fs.umount();
            } catch (RuntimeException ignored) {
                // Fall back to fusermount below.
            }
            if (Mounts.isMounted(mountpoint)) {
                Mounts.unmount(mountpoint);
            }
        }
        if (thread != null) {
            thread.join(10_000);
        }
        assembly.close();
        try {
            if (namespace != null) {
                namespace.close();
            }
        } finally {
            access.close();
        }
    }
}
