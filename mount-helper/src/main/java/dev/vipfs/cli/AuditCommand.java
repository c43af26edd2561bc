package dev.vipfs.cli;

import dev.vipfs.policy.audit.AuditLog;
import dev.vipfs.policy.audit.AuditVerification;
import java.nio.file.Files;
import java.nio.file.Path;
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
                    "Exit 0 when intact, 1 when not (the first bad line is named).",
                    "Example: vipfs audit verify ~/.vipfs/audit.log"})
    static final class Verify implements Callable<Integer> {
        @Parameters(arity = "1", paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(file)) {
                throw new UserException("no audit log at " + file);
            }
            AuditVerification v = AuditLog.verify(file);
            if (v.valid()) {
                System.out.println("ok: " + v.lines() + " lines, chain intact");
                return ExitCodes.OK;
            }
            System.out.println("TAMPERED: line " + v.firstBadLine() + ": " + v.problem());
            return ExitCodes.FAILED;
        }
    }
}
