package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.node.VipfsHome;

import dev.vipfs.control.ControlClient;
import dev.vipfs.fs.mount.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Finds a mount's control socket (from its mount point or the home) and asks it one thing. */
final class ControlRequest {
    private ControlRequest() { }

    static Map<String, Object> send(Path mountpoint, String request) throws UserException {
        Path home = mountpoint == null ? VipfsHome.resolve().dir() : homeOf(mountpoint);
        Path socket = home.resolve(OperatorServices.SOCKET);
        if (!Files.exists(socket)) {
            throw new UserException("no running mount of " + home + " (" + socket + " does not exist); start one with"
                    + " vipfs mount, or name the home with --home", ExitCodes.FAILED);
        }
        if (mountpoint != null) {
            // Only the first mount of a home binds its socket: make sure it is this one before acting.
            Map<String, Object> status = ask(socket, "status");
            String serving = String.valueOf(status.get("mountpoint"));
            if (!serving.equals(mountpoint.toAbsolutePath().normalize().toString())) {
                throw new UserException(socket + " belongs to the mount on " + serving + ", not " + mountpoint
                        + ": a second mount of the same home has no control socket", ExitCodes.FAILED);
            }
            if (request.equals("status")) {
                return status;
            }
        }
        return ask(socket, request);
    }

    private static Map<String, Object> ask(Path socket, String request) throws UserException {
        Map<String, Object> answer;
        try {
            answer = ControlClient.ask(socket, request);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("Permission denied")) {
                throw new UserException("cannot talk to " + socket + ": " + e.getMessage()
                        + " (only the daemon's user and root may; try sudo)", ExitCodes.DENIED);
            }
            throw new UserException("cannot talk to " + socket + ": " + e.getMessage()
                    + " (is the mount still running? vipfs mount leaves the socket behind only when killed)", ExitCodes.FAILED);
        }
        if (answer.get("error") != null) {
            throw new UserException("the daemon answered: " + answer.get("error"), ExitCodes.DENIED);
        }
        return answer;
    }

    /** The home a vipfs mount serves, from its source in the mount table (MountOptions names it fsname). */
    private static Path homeOf(Path mountpoint) throws UserException {
        Mounts.Entry e;
        try {
            e = Mounts.entry(mountpoint);
        } catch (IOException x) {
            throw new UserException("cannot read the mount table: " + x.getMessage(), ExitCodes.FAILED);
        }
        if (e == null) {
            throw new UserException("nothing is mounted on " + mountpoint + " (vipfs status --home HOME asks by home)",
                    ExitCodes.FAILED);
        }
        if (!e.type().equals("fuse.vipfs") || !e.source().startsWith("/")) {
            throw new UserException(mountpoint + " is not a vipfs mount whose home the mount table names (" + e.type()
                    + " from " + e.source() + "); use --home instead");
        }
        return Path.of(e.source());
    }
}
