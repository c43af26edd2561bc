package dev.vipfs.cli;

import dev.vipfs.exit.UserException;
import dev.vipfs.fs.mount.KernelReadAhead;
import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.fs.mount.Mounts;
import dev.vipfs.node.MountSession;
import dev.vipfs.node.Node;
import dev.vipfs.node.ServiceState;
import dev.vipfs.node.VipfsHome;
import dev.vipfs.privilege.NoNewPrivs;
import dev.vipfs.privilege.PrivilegeDrop;
import dev.vipfs.privilege.ServiceUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code vipfs mount} from start to unmount, as root or not. Started as root with a service
 * user, root prepares only root-controlled paths of the home, opens the node's state as the
 * service user, mounts with its own file identity (the mountpoint may be root's alone) and drops
 * to the service user for good in the mount's init callback, before the first request; without a
 * service user the same steps run with no drop. The command validates its options first; this
 * class is the sequence whose order is the security argument (docs/service-security.md).
 */
final class PrivilegedMount {
    private static final Logger LOG = LoggerFactory.getLogger(PrivilegedMount.class);

    private final VipfsHome home;
    private final Path mountpoint;
    private final ServiceUser serviceUser;
    private final boolean allowOther;
    private final boolean readOnly;
    private final ServiceLifecycle lifecycle;
    private String publishKey;
    private OperatorOptions operator;
    /** Set before the mount starts, read by {@link #onInit} on a FUSE thread. */
    private volatile MountSession session;
    private volatile int readAheadKib;

    /** serviceUser: the account to drop to, or null to serve as the starting user. */
    PrivilegedMount(VipfsHome home, Path mountpoint, ServiceUser serviceUser, boolean allowOther, boolean readOnly,
                    ServiceLifecycle lifecycle) {
        this.home = home;
        this.mountpoint = mountpoint;
        this.serviceUser = serviceUser;
        this.allowOther = allowOther;
        this.readOnly = readOnly;
        this.lifecycle = lifecycle;
    }

    /** Publishes MOUNT/data's root under this Kubo key after commits; null publishes nothing. */
    PrivilegedMount publishing(String key) {
        this.publishKey = key;
        return this;
    }

    /** The operator's mount options, control socket and metrics (--daemon, -o, --metrics …). */
    PrivilegedMount operating(OperatorOptions options) {
        this.operator = options;
        return this;
    }

    /** Mounts, serves until unmounted or signalled, and unmounts. */
    void run() throws Exception {
        if (serviceUser != null) {
            // Root touches only root-owned paths; the service user's state is opened as that user.
            ServiceState.requireRootControlledMountpoint(mountpoint);
            ServiceState.prepare(home, home.loadConfig(), serviceUser);
        }
        try (Node node = serviceUser != null ? Node.open(home, serviceUser) : Node.open(home)) {
            // Only over a local store: a Kubo mount's read-ahead streams each parent's leaves as it
            // announces them, and READs from a wider kernel window outrun it into one request per leaf.
            readAheadKib = node.store().isLocal() ? node.config().kernelReadAheadKib : 0;
            MountSession session = MountSession.create(node, mountpoint, options(node), this::onInit, readOnly);
            this.session = session;
            node.stopActing(); // the mount itself needs root's file identity: the mountpoint may be root's alone
            OperatorServices services = OperatorServices.start(operator, node, session, lifecycle, serviceUser, readOnly);
            dev.vipfs.fs.content.DecryptWarmup.start();
            lifecycle.attach(session);
            if (serviceUser != null) {
                // Every thread, the JVM's own included: the drop's check requires it on each one.
                NoNewPrivs.applyToAllThreads();
            }
            announceWhenMounted(session);
            dev.vipfs.fs.named.NamespacePublisher publisher;
            try {
                publisher = publishKey == null ? null : PublishOnCommit.start(node, session.namespace(), publishKey);
            } catch (UserException | IOException e) {
                session.close();
                throw e;
            }
            lifecycle.serve(session);
            if (publisher != null) {
                publisher.close();
            }
            System.err.println("vipfs: unmounted " + session.mountpoint());
            try {
                services.close();
                session.close();
            } finally {
                lifecycle.closed();
            }
        }
    }

    private MountOptions options(Node node) throws UserException {
        int cacheSeconds = node.config().kernelCacheTimeout(allowOther);
        if (cacheSeconds > 0 && allowOther) {
            System.err.println("vipfs: warning: kernel_cache_timeout_seconds=" + cacheSeconds + " with other users"
                    + " allowed: one caller's cached lookups answer every other caller (docs/policy.md, Kernel caches)");
        }
        MountOptions.Builder ob = operator.configure(
                MountOptions.builder().allowOther(allowOther).cacheTimeoutSeconds(cacheSeconds), allowOther, home.dir().toString());
        return (readOnly ? ob.option("ro") : ob).build();
    }

    /**
     * FUSE init, before the first request: the kernel's read-ahead (root's to set), the drop to the
     * service user, the warm-up, then readiness.
     */
    private void onInit() {
        if (readAheadKib > 0) {
            try {
                KernelReadAhead.set(mountpoint, readAheadKib);
            } catch (IOException e) {
                // Not root, or a read-only /sys: the mount still serves, with the kernel's 128 KiB.
                LOG.debug("kernel read-ahead of {} left as it was: {}", mountpoint, e.getMessage());
            }
        }
        if (serviceUser != null) {
            PrivilegeDrop.dropTo(serviceUser);
            Path blocks = home.blocksDir();
            if (Files.isDirectory(blocks) && !Files.isReadable(blocks)) {
                throw new IllegalStateException("after dropping to " + serviceUser.name() + " the block store "
                        + blocks + " is not readable; put VIPFS_HOME where that user can read it");
            }
            LOG.info("serving as {} (uid {}, gid {})", serviceUser.name(), serviceUser.uid(), serviceUser.gid());
        }
        session.warmUp();
        lifecycle.ready();
    }

    private static void announceWhenMounted(MountSession session) {
        Thread announcer = new Thread(() -> {
            try {
                if (Mounts.await(session.mountpoint(), true, 15_000)) {
                    System.err.println("vipfs: mounted at " + session.mountpoint() + " (Ctrl-C to unmount)");
                }
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "vipfs-announce");
        announcer.setDaemon(true);
        announcer.start();
    }
}
