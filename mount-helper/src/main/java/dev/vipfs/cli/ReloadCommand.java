package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `vipfs reload [MOUNTPOINT]`: what SIGHUP does, over the control socket, with the outcome as the exit code. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = {"Make a running mount re-read its policies and identities and reopen its audit log (as SIGHUP",
                "does), and wait for the outcome: exit 0 when both worked, 1 when the daemon kept the old policies",
                "(see its log). Over $VIPFS_HOME/vipfs.sock, like vipfs status.",
                "Example: vipfs reload /srv/vipfs"})
final class ReloadCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "MOUNTPOINT")
    Path mountpoint;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> answer = ControlRequest.send(mountpoint, "reload");
        if (Boolean.TRUE.equals(answer.get("reloaded"))) {
            System.err.println("vipfs: reloaded");
            return ExitCodes.OK;
        }
        throw new UserException("the reload failed; the daemon keeps its previous policies (see its log for why)",
                ExitCodes.FAILED);
    }
}
