package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Decision;
import dev.vipfs.policy.Operation;
import dev.vipfs.policy.PolicyEngine;
import dev.vipfs.policy.PolicyException;
import dev.vipfs.policy.acl.Policy;
import dev.vipfs.policy.identity.IdentityBindings;
import dev.vipfs.policy.identity.Subject;
import dev.vipfs.policy.identity.UnixAccounts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `vipfs policy check`. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Evaluate one operation and print allow or deny with the rule that decided.",
                "Either against policy files (--policy, all of them apply), or against a home's policies and",
                "identity bindings for a uid/gid (--config). Exit 0 for both answers, 2 for bad input.",
                "Examples: vipfs policy check --policy site.hcl --path bafy…/index.html --op read",
                "          vipfs policy check --config /var/lib/vipfs --uid 33 --gid 33 --path bafy… --op list"})
final class PolicyCheckCommand implements Callable<Integer> {
    @Option(names = "--policy", paramLabel = "FILE", description = "policy file (repeatable)")
    List<Path> policies = new ArrayList<>();

    @Option(names = "--config", paramLabel = "HOME", description = "a vipfs home whose policies and identities apply")
    Path config;

    @Option(names = "--uid", defaultValue = "-1")
    int uid;

    @Option(names = "--gid", defaultValue = "-1")
    int gid;

    @Option(names = "--groups", split = ",", paramLabel = "GID", description = "supplementary groups")
    int[] groups = new int[0];

    @Option(names = "--path", required = true, paramLabel = "PATH", description = "path inside the mount, e.g. <cid>/docs/a.txt")
    String path;

    @Option(names = "--op", required = true, paramLabel = "OP", description = "lookup, list, read, create, update or delete")
    String op;

    @Override
    public Integer call() throws Exception {
        Operation operation;
        try {
            operation = Operation.valueOf(op.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("unknown --op '" + op + "' (lookup, list, read, create, update, delete)");
        }
        if ((config == null) == policies.isEmpty()) {
            throw new UserException("give either --policy FILE… or --config HOME (with --uid/--gid)");
        }
        PolicyEngine engine;
        Caller caller;
        if (config != null) {
            if (uid < 0 || gid < 0) {
                throw new UserException("--config needs --uid and --gid");
            }
            try {
                engine = PolicyEngine.load(config, CidSpelling.RULES);
            } catch (PolicyException e) {
                throw new UserException(e.getMessage());
            }
            caller = new Caller(uid, gid, groups, 0, null);
        } else {
            List<Policy> parsed = new ArrayList<>();
            Map<Subject, List<String>> all = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            for (Path f : policies) {
                String name = PolicyCommand.nameOf(f);
                parsed.add(PolicyCommand.parse(name, PolicyCommand.read(f.toString())));
                names.add(name);
            }
            all.put(new Subject(Subject.Kind.ANY, "*"), names);
            engine = PolicyEngine.of(parsed, IdentityBindings.of(all, UnixAccounts.system()),
                    CidSpelling.RULES);
            caller = new Caller(Math.max(uid, 0), Math.max(gid, 0), groups, 0, null);
        }
        // Decided as the mount decides: on the canonical spelling of the root CID.
        String asked = path.startsWith("/") ? path.substring(1) : path;
        int slash = asked.indexOf('/');
        String first = slash < 0 ? asked : asked.substring(0, slash);
        asked = CidSpelling.RULES.canonical(first) + (slash < 0 ? "" : asked.substring(slash));
        Decision d = engine.decide(caller, asked, operation);
        System.out.println((d.allowed() ? "allow" : "deny")
                + (d.rule() == null ? "" : "  rule \"" + d.rule() + "\"")
                + (d.policy() == null ? "" : "  policy " + d.policy())
                + (d.reason() == null ? "" : "  (" + d.reason() + ")"));
        return ExitCodes.OK;
    }
}
