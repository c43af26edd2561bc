package dev.vipfs.cli;

import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.fs.mount.Mounts;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `vipfs mount`: serves MOUNTPOINT/<cid>/<link…> in the foreground until unmounted. */
@Command(name = "mount", mixinStandardHelpOptions = true,
        description = {"Mount vipfs on an empty directory and serve MOUNTPOINT/<cid>/<link…> in the foreground:",
                "directories list their links, files read decrypted. Ctrl-C or SIGTERM unmounts.",
                "Example: vipfs mount /mnt/vipfs   (then: ls /mnt/vipfs/<cid>)"})
final class MountCommand implements Callable<Integer> {
    @Option(names = "--allow-other", description = "let other users use the mount (root only, or user_allow_other in /etc/fuse.conf)")
    boolean allowOther;

    @Parameters(arity = "1", paramLabel = "MOUNTPOINT")
    Path mountpoint;

    @Override
    public Integer call() throws Exception {
        try (Node node = Node.open(VipfsHome.resolve())) {
            MountOptions options = MountOptions.builder().allowOther(allowOther).build();
            MountSession session = MountSession.create(node, mountpoint, options, () -> { });
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
            session.runForeground();
            System.err.println("vipfs: unmounted " + session.mountpoint());
            session.close();
        }
        return ExitCodes.OK;
    }
}
