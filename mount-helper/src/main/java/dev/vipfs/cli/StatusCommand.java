package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;

import dev.vipfs.control.ControlJson;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `vipfs status [--json] [MOUNTPOINT]`: asks the running mount through its control socket. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show what a running mount does: mount point, store, uptime, identities bound, cache sizes and",
                "hit rates, bytes read/decrypted/written, decisions allowed/denied, errors by kind and the last errors.",
                "Asks the daemon over $VIPFS_HOME/vipfs.sock (its user or root only). MOUNTPOINT finds the home",
                "from the mount table; without it, --home (or $VIPFS_HOME) names it.",
                "Examples: vipfs status /srv/vipfs",
                "          vipfs --home /var/lib/vipfs status --json"})
final class StatusCommand implements Callable<Integer> {
    @Option(names = "--json", description = "print the daemon's answer as one JSON object")
    boolean json;

    @Parameters(arity = "0..1", paramLabel = "MOUNTPOINT")
    Path mountpoint;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> answer = ControlRequest.send(mountpoint, "status");
        System.out.print(json ? ControlJson.write(answer) + "\n" : StatusReport.format(answer));
        return ExitCodes.OK;
    }
}
