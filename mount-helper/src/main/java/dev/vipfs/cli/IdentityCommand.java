package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.policy.PolicyException;
import dev.vipfs.policy.identity.IdentityBindings;
import dev.vipfs.policy.identity.Subject;
import dev.vipfs.policy.identity.UnixAccounts;
import dev.vipfs.policy.store.PolicyHome;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `vipfs identity …`: which policies apply to which uid, gid, user or group. */
@Command(name = "identity", mixinStandardHelpOptions = true,
        description = {"Bind policies to callers: uid:N, gid:N, user:NAME or group:NAME.",
                "Supplementary groups of the calling process count. Stored in $VIPFS_HOME/identities.hcl."},
        subcommands = {IdentityCommand.Write.class, IdentityCommand.ListIdentities.class, IdentityCommand.Delete.class})
final class IdentityCommand {

    static Map<Subject, List<String>> load(PolicyHome home) throws Exception {
        if (!Files.exists(home.identitiesFile())) {
            return new LinkedHashMap<>();
        }
        try {
            return new LinkedHashMap<>(IdentityBindings.parse(Files.readString(home.identitiesFile()),
                    UnixAccounts.system()).bindings());
        } catch (PolicyException e) {
            throw new UserException(home.identitiesFile() + ": " + e.getMessage());
        }
    }

    static void save(PolicyHome home, Map<Subject, List<String>> bindings) throws Exception {
        String hcl = IdentityBindings.of(bindings, UnixAccounts.system()).toHcl();
        PolicyCommand.writeAtomically(home.identitiesFile().resolveSibling("identities.hcl"), hcl);
    }

    static Subject subject(String text) throws UserException {
        try {
            return Subject.parse(text);
        } catch (PolicyException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** `vipfs identity write`. */
    @Command(name = "write", mixinStandardHelpOptions = true,
            description = {"Set the policies of a subject (replacing its previous list).",
                    "Example: vipfs identity write group:www-data policies=site-read"})
    static final class Write implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SUBJECT")
        String subject;

        @Parameters(index = "1", paramLabel = "policies=A,B")
        String assignment;

        @Override
        public Integer call() throws Exception {
            if (!assignment.startsWith("policies=")) {
                throw new UserException("expected policies=A,B, got '" + assignment + "'");
            }
            List<String> policies = new ArrayList<>();
            for (String p : assignment.substring(9).split(",")) {
                if (!p.isBlank()) {
                    policies.add(p.trim());
                }
            }
            PolicyHome home = PolicyCommand.home();
            Map<Subject, List<String>> b = load(home);
            Subject s = subject(subject);
            b.put(s, policies);
            save(home, b);
            System.out.println("Success! " + s + " -> " + String.join(",", policies));
            return ExitCodes.OK;
        }
    }

    /** `vipfs identity list`. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List subjects and their policies.")
    static final class ListIdentities implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            load(PolicyCommand.home()).forEach((s, p) -> System.out.println(s + " " + String.join(",", p)));
            return ExitCodes.OK;
        }
    }

    /** `vipfs identity delete`. */
    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Remove a subject's bindings.")
    static final class Delete implements Callable<Integer> {
        @Parameters(arity = "1", paramLabel = "SUBJECT")
        String subject;

        @Override
        public Integer call() throws Exception {
            PolicyHome home = PolicyCommand.home();
            Map<Subject, List<String>> b = load(home);
            if (b.remove(subject(subject)) == null) {
                throw new UserException("no bindings for " + subject);
            }
            save(home, b);
            return ExitCodes.OK;
        }
    }
}
