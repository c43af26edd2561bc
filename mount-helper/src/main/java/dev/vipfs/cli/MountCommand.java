package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.fs.mount.Mounts;
import dev.vipfs.libc.Libc;
import dev.vipfs.node.VipfsHome;
import dev.vipfs.privilege.SdNotify;
import dev.vipfs.privilege.ServiceUser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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
    @Option(names = "--allow-other", description = "let other users use the mount (root only, or user_allow_other in /etc/fuse.conf)")
    boolean allowOther;

    @Option(names = "--user", paramLabel = "USER", description = "service user to drop to after mounting (root only; implies --allow-other)")
    String user;

    @Option(names = "--stay-root", description = "keep serving as root (not recommended; prints a warning)")
    boolean stayRoot;

    @Option(names = "--read-only", description = "mount read-only: no MOUNT/data, every write answers EROFS (fstab: ro)")
    boolean readOnly;

    @Option(names = "--publish", paramLabel = "KEY", description = "publish MOUNT/data's root under this Kubo key after commits (docs/ipns.md)")
    String publishKey;

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
        boolean root = Libc.require().geteuid() == 0;
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
        new PrivilegedMount(VipfsHome.resolve(), mountpoint, serviceUser, allowOther, readOnly, lifecycle)
                .publishing(publishKey).operating(ops).run();
        return ExitCodes.OK;
    }
}
