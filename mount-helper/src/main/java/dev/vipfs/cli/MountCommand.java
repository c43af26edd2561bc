package dev.vipfs.cli;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.fs.mount.Mounts;
import dev.vipfs.privilege.NoNewPrivs;
import dev.vipfs.privilege.PrivilegeDrop;
import dev.vipfs.privilege.SdNotify;
import dev.vipfs.privilege.ServiceUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `vipfs mount`: serves MOUNTPOINT/<cid>/<link…> in the foreground until unmounted. */
@Command(name = "mount", mixinStandardHelpOptions = true,
        description = {"Mount vipfs and serve MOUNTPOINT/<cid>/<link…> in the foreground.",
                "Directories list their links, files read decrypted. Ctrl-C or SIGTERM unmounts (exit 0); SIGHUP",
                "reloads policies and reopens the audit log. Under systemd (Type=notify) it reports READY=1 once",
                "serving. Started as root, it reads the keys and config, mounts with allow_other,",
                "then drops to --user before serving a single request.",
                "Examples: vipfs mount /mnt/vipfs                  (as a normal user)",
                "          vipfs mount --user vipfs /srv/vipfs      (as root: drops to 'vipfs')"})
final class MountCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(MountCommand.class);

    @Option(names = "--allow-other", description = "let other users use the mount (root only, or user_allow_other in /etc/fuse.conf)")
    boolean allowOther;

    @Option(names = "--user", paramLabel = "USER", description = "service user to drop to after mounting (root only; implies --allow-other)")
    String user;

    @Option(names = "--stay-root", description = "keep serving as root (not recommended; prints a warning)")
    boolean stayRoot;

    @Option(names = "--read-only", description = "mount read-only: no MOUNT/data, every write answers EROFS (fstab: ro)")
    boolean readOnly;

    @Parameters(arity = "1", paramLabel = "MOUNTPOINT")
    Path mountpoint;

    @picocli.CommandLine.Mixin
    OperatorOptions ops = new OperatorOptions();

    @Override
    public Integer call() throws Exception {
        if (ops.daemon) {
            return DaemonLauncher.launch(mountpoint, ops.daemonLog);
        }
        allowOther |= ops.parsed().allowOther();
        readOnly = ops.readOnly(readOnly);
        OperatorServices.metricsAddress(ops);
        VipfsHome.configFlags(ops);
        ServiceLifecycle lifecycle = new ServiceLifecycle(SdNotify.fromEnvironment());
        lifecycle.installSignalHandlers();
        try {
            Mounts.checkMountpoint(mountpoint.toAbsolutePath().normalize());
        } catch (dev.vipfs.fs.mount.MountpointException e) {
            throw new UserException(e.getMessage());
        }
        boolean root = new UnixSystem().getUid() == 0;
        ServiceUser serviceUser = null;
        if (user != null) {
            if (!root) {
                throw new UserException("--user needs root: start the mount as root so it can drop to " + user);
            }
            try {
                serviceUser = ServiceUser.lookup(user);
            } catch (IOException e) {
                throw new UserException(e.getMessage());
            }
            if (serviceUser.uid() == 0) {
                throw new UserException("--user " + user + " is root; choose an unprivileged service user");
            }
            allowOther = true;
        } else if (root && !stayRoot) {
            throw new UserException("refusing to serve a mount as root: pass --user SERVICEUSER (or --stay-root)");
        }
        if (stayRoot && root) {
            System.err.println("vipfs: warning: --stay-root: the daemon keeps root privileges while serving requests");
        }
        VipfsHome home = VipfsHome.resolve();
        if (serviceUser != null) {
            // Root touches only root-owned paths; the service user's state is opened as that user.
            ServiceState.requireRootControlledMountpoint(mountpoint);
            ServiceState.prepare(home, home.loadConfig(), serviceUser);
        }
        try (Node node = serviceUser != null ? Node.open(home, serviceUser) : Node.open(home)) {
            int cacheSeconds = node.config().kernelCacheTimeout(allowOther);
            if (cacheSeconds > 0 && allowOther) {
                System.err.println("vipfs: warning: kernel_cache_timeout_seconds=" + cacheSeconds + " with other users"
                        + " allowed: one caller's cached lookups answer every other caller (docs/policy.md, Kernel caches)");
            }
            MountOptions.Builder ob = ops.configure(MountOptions.builder().allowOther(allowOther).cacheTimeoutSeconds(cacheSeconds),
                    allowOther, home.dir().toString());
            MountOptions options = (readOnly ? ob.option("ro") : ob).build();
            ServiceUser dropTo = serviceUser;
            Runnable onInit = () -> {
                if (dropTo != null) {
                    PrivilegeDrop.dropTo(dropTo);
                    Path blocks = home.blocksDir();
                    if (Files.isDirectory(blocks) && !Files.isReadable(blocks)) {
                        throw new IllegalStateException("after dropping to " + dropTo.name() + " the block store "
                                + blocks + " is not readable; put VIPFS_HOME where that user can read it");
                    }
                    LOG.info("serving as {} (uid {}, gid {})", dropTo.name(), dropTo.uid(), dropTo.gid());
                }
                lifecycle.ready();
            };
            MountSession session = MountSession.create(node, mountpoint, options, onInit, readOnly);
            node.stopActing(); // the mount itself needs root's file identity: the mountpoint may be root's alone
            OperatorServices operator = OperatorServices.start(ops, node, session, lifecycle, dropTo, readOnly);
            dev.vipfs.fs.content.DecryptWarmup.start();
            lifecycle.attach(session);
            if (dropTo != null) {
                // Every thread, the JVM's own included: the drop's check requires it on each one.
                NoNewPrivs.applyToAllThreads();
            }
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
            lifecycle.serve(session);
            System.err.println("vipfs: unmounted " + session.mountpoint());
            try {
                operator.close();
                session.close();
            } finally {
                lifecycle.closed();
            }
        }
        return ExitCodes.OK;
    }
}
