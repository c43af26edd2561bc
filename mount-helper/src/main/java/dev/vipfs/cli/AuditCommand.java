package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.policy.audit.AuditLog;
import dev.vipfs.policy.audit.AuditVerification;
import dev.vipfs.policy.audit.ChainLink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `vipfs audit …`: check the hash-chained audit trail. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Work with the audit trail (one hash-chained JSON line per decision and decryption).",
        subcommands = {AuditCommand.Verify.class})
final class AuditCommand {

    /** `vipfs audit verify`. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check that no line of an audit log was edited, removed or reordered.",
                    "Several files (oldest first, e.g. rotated logs) are also checked to follow one another:",
                    "each later file must start with the link line naming the previous file's head.",
                    "Exit 0 when intact, 1 when not (the first bad line is named).",
                    "Example: vipfs audit verify ~/.vipfs/audit.log",
                    "         vipfs audit verify /var/lib/vipfs/audit.log.2 /var/lib/vipfs/audit.log.1 /var/lib/vipfs/audit.log"})
    static final class Verify implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            AuditVerification previous = null;
            long total = 0;
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    throw new UserException("no audit log at " + file);
                }
                AuditVerification v = AuditLog.verify(file);
                if (!v.valid()) {
                    System.out.println("TAMPERED: " + (files.size() > 1 ? file + ": " : "") + "line " + v.firstBadLine()
                            + ": " + v.problem());
                    return ExitCodes.FAILED;
                }
                if (previous != null) {
                    String broken = ChainLink.check(previous, file);
                    if (broken != null) {
                        System.out.println("TAMPERED: " + broken);
                        return ExitCodes.FAILED;
                    }
                }
                previous = v;
                total += v.lines();
            }
            System.out.println("ok: " + total + " lines" + (files.size() > 1 ? " in " + files.size() + " linked files" : "")
                    + ", chain intact");
            return ExitCodes.OK;
        }
    }
}
