package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.ipfs.block.BlockNotFoundException;
import dev.vipfs.ipfs.block.IntegrityException;
import dev.vipfs.libc.Libc;
import dev.vipfs.node.StoreFactory;
import dev.vipfs.node.StoreOwner;
import dev.vipfs.node.VipfsHome;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the vipfs command: runs picocli and turns every failure into one line and an exit code. */
public final class Main {
    private Main() { }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        LogSetup.configure(args);
        // --home and --store live in statics for the run; tests run many CLIs in one JVM, and a run
        // without the option must not inherit the previous run's.
        VipfsHome.override(null);
        VipfsHome.configFlags(null);
        StoreFactory.override(null);
        StoreOwner.reset();
        // Whatever umask the caller had: the home holds secrets (config.json may hold kubo_auth), the
        // catalogue names cleartext paths, and every file and directory vipfs creates is its owner's alone.
        // Files meant for a service group (keys/, policies/) are opened up explicitly where they are laid out.
        Libc.require().umask(0077);
        CommandLine cl = new CommandLine(new VipfsCommand());
        cl.setExecutionExceptionHandler(Main::handle);
        return cl.execute(args);
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        int code;
        String message;
        if (e instanceof UserException u) {
            code = u.exitCode();
            message = u.getMessage();
        } else if (e instanceof IllegalArgumentException) {
            code = ExitCodes.USAGE;
            message = e.getMessage();
        } else if (e instanceof BlockNotFoundException) {
            code = ExitCodes.FAILED;
            message = e.getMessage() + NextStep.missingBlock();
        } else if (e instanceof IntegrityException) {
            code = ExitCodes.FAILED;
            message = "integrity check failed: " + e.getMessage() + NextStep.corruptBlock();
        } else if (NextStep.isTimeout(e)) {
            code = ExitCodes.FAILED;
            message = e.getMessage() + NextStep.timedOut();
        } else if (e instanceof dev.vipfs.crypto.keys.KeyringException) {
            code = ExitCodes.FAILED;
            message = e.getMessage();
        } else if (e instanceof dev.vipfs.crypto.CryptoException) {
            code = ExitCodes.DENIED;
            message = e.getMessage();
        } else if (e instanceof java.nio.file.AccessDeniedException denied) {
            code = ExitCodes.FAILED;
            message = "permission denied: " + denied.getFile() + StoreOwner.permissionHint();
        } else if (e instanceof IOException) {
            code = ExitCodes.FAILED;
            message = e.getMessage();
        } else {
            code = ExitCodes.FAILED;
            message = "internal error: " + e + " (set VIPFS_DEBUG=1 for details)";
        }
        err.println((LogSetup.journal() ? "<3>" : "") + "vipfs: " + message);
        if (System.getenv("VIPFS_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
