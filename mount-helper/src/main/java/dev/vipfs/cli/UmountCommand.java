package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.fs.mount.Mounts;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `vipfs umount`: removes a vipfs mount, lazily if it is busy. */
@Command(name = "umount", aliases = "unmount", mixinStandardHelpOptions = true,
        description = {"Unmount a vipfs mount (also one whose daemon died).", "Example: vipfs umount /mnt/vipfs"})
final class UmountCommand implements Callable<Integer> {
    @Parameters(arity = "1", paramLabel = "MOUNTPOINT")
    Path mountpoint;

    @Override
    public Integer call() throws Exception {
        Path mp = mountpoint.toAbsolutePath().normalize();
        if (!Mounts.isMounted(mp)) {
            throw new UserException(mp + " is not mounted");
        }
        if (!Mounts.unmount(mp)) {
            throw new UserException("could not unmount " + mp + " (still busy?)", ExitCodes.FAILED);
        }
        System.err.println("vipfs: unmounted " + mp);
        return ExitCodes.OK;
    }
}
