package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.node.VipfsHome;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Decision;
import dev.vipfs.policy.Operation;
import dev.vipfs.policy.PolicyEngine;
import dev.vipfs.policy.PolicyException;
import dev.vipfs.policy.acl.Capability;
import dev.vipfs.policy.acl.PathRule;
import dev.vipfs.policy.acl.Policy;
import dev.vipfs.policy.acl.PolicyParser;
import dev.vipfs.policy.identity.IdentityBindings;
import dev.vipfs.policy.identity.Subject;
import dev.vipfs.policy.store.PolicyHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `vipfs policy …`: Vault-style policies, managed the way Vault users manage them. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"Manage access policies (Vault ACL syntax, HCL or JSON).",
                "Policies live in $VIPFS_HOME/policies; a running mount reloads them on SIGHUP.",
                "The mapping of capabilities to filesystem operations is in docs/policy.md."},
        subcommands = {PolicyCommand.Write.class, PolicyCommand.ListPolicies.class, PolicyCommand.Read.class,
                PolicyCommand.Delete.class, PolicyCommand.Check.class, PolicyCommand.Fmt.class,
                PolicyCommand.Validate.class})
final class PolicyCommand {

    static PolicyHome home() throws UserException {
        VipfsHome h = VipfsHome.resolve();
        h.requireInitialised();
        return new PolicyHome(h.dir());
    }

    static String read(String file) throws UserException {
        try {
            return file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage());
        }
    }

    static Policy parse(String name, String text) throws UserException {
        try {
            return PolicyParser.parse(name, text);
        } catch (PolicyException e) {
            throw new UserException("invalid policy " + e.getMessage());
        }
    }

    private static boolean hasComments(String text) throws UserException {
        try {
            return dev.vipfs.policy.hcl.HclSyntax.hasComments(text);
        } catch (PolicyException e) {
            throw new UserException("invalid policy " + e.getMessage());
        }
    }

    static void writeAtomically(Path target, String text) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.writeString(tmp, text); // 0600: Main's umask
        dev.vipfs.policy.store.SharedMode.copyGroupRead(target, tmp);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static Path existing(PolicyHome home, String name) throws UserException {
        for (String ext : List.of(".hcl", ".json")) {
            Path p = home.policiesDir().resolve(name + ext);
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new UserException("no policy named '" + name + "' (see: vipfs policy list)");
    }

    /** Canonical HCL, one stanza per rule, as `fmt` prints it. */
    static String canonical(Policy p) {
        StringBuilder sb = new StringBuilder();
        for (PathRule r : p.rules()) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            String caps = r.capabilities().stream().map(c -> "\"" + c.hclName() + "\"").collect(Collectors.joining(", "));
            sb.append("path \"").append(r.pattern().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\" {\n  capabilities = [").append(caps).append("]\n}\n");
        }
        return sb.toString();
    }

    /** `vipfs policy write`. */
    @Command(name = "write", mixinStandardHelpOptions = true,
            description = {"Validate a policy and store it under NAME (replacing an older one).",
                    "Example: vipfs policy write site-read site-read.hcl"})
    static final class Write implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "FILE", description = "policy file, or - for stdin")
        String file;

        @Override
        public Integer call() throws Exception {
            if (!PolicyHome.NAME.matcher(name).matches()) {
                throw new UserException("invalid policy name '" + name + "' (letters, digits, '.', '-', '_')");
            }
            PolicyHome home = home();
            String text = read(file);
            Policy p = parse(name, text);
            for (String w : p.warnings()) {
                System.err.println("vipfs: warning: " + w);
            }
            String ext = text.stripLeading().startsWith("{") ? ".json" : ".hcl";
            for (String other : List.of(".hcl", ".json")) {
                if (!other.equals(ext)) {
                    Files.deleteIfExists(home.policiesDir().resolve(name + other));
                }
            }
            writeAtomically(home.policiesDir().resolve(name + ext), text);
            System.out.println("Success! Uploaded policy: " + name);
            return ExitCodes.OK;
        }
    }

    /** `vipfs policy list`. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List stored policy names.")
    static final class ListPolicies implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            PolicyHome home = home();
            if (!Files.isDirectory(home.policiesDir())) {
                return ExitCodes.OK;
            }
            try (Stream<Path> s = Files.list(home.policiesDir())) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".hcl") || n.endsWith(".json"))
                        .map(n -> n.substring(0, n.lastIndexOf('.'))).sorted().forEach(System.out::println);
            }
            return ExitCodes.OK;
        }
    }

    /** `vipfs policy read`. */
    @Command(name = "read", mixinStandardHelpOptions = true, description = "Print a stored policy as written.")
    static final class Read implements Callable<Integer> {
        @Parameters(arity = "1", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            System.out.print(Files.readString(existing(home(), name)));
            return ExitCodes.OK;
        }
    }

    /** `vipfs policy delete`. */
    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a stored policy.")
    static final class Delete implements Callable<Integer> {
        @Parameters(arity = "1", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            Files.delete(existing(home(), name));
            System.out.println("Success! Deleted policy: " + name);
            return ExitCodes.OK;
        }
    }

    /** `vipfs policy check`. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Evaluate one operation and print allow or deny with the rule that decided.",
                    "Either against policy files (--policy, all of them apply), or against a home's policies and",
                    "identity bindings for a uid/gid (--config). Exit 0 for both answers, 2 for bad input.",
                    "Examples: vipfs policy check --policy site.hcl --path bafy…/index.html --op read",
                    "          vipfs policy check --config /var/lib/vipfs --uid 33 --gid 33 --path bafy… --op list"})
    static final class Check implements Callable<Integer> {
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
                    String name = f.getFileName().toString().replaceFirst("\\.(hcl|json)$", "");
                    parsed.add(parse(name, read(f.toString())));
                    names.add(name);
                }
                all.put(new Subject(Subject.Kind.ANY, "*"), names);
                engine = PolicyEngine.of(parsed, IdentityBindings.of(all, dev.vipfs.policy.identity.UnixAccounts.system()),
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

    /** `vipfs policy fmt`. */
    @Command(name = "fmt", mixinStandardHelpOptions = true,
            description = {"Print a policy file in canonical HCL (-w: rewrite the file). Comments are not kept, so -w",
                    "refuses a file that has any unless --drop-comments is given.",
                    "Example: vipfs policy fmt -w site.hcl"})
    static final class Fmt implements Callable<Integer> {
        @Option(names = {"-w", "--write"}, description = "rewrite the file in place")
        boolean write;

        @Option(names = "--drop-comments", description = "let -w rewrite a file that has comments (they are not kept)")
        boolean dropComments;

        @Parameters(arity = "1", paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws Exception {
            String name = file.getFileName().toString().replaceFirst("\\.(hcl|json)$", "");
            String text = read(file.toString());
            String out = canonical(parse(name, text));
            if (write && !dropComments && hasComments(text)) {
                throw new UserException("not rewriting " + file + ": canonical HCL does not keep its comments;"
                        + " print it without -w, or pass --drop-comments", ExitCodes.USAGE);
            }
            if (write) {
                writeAtomically(file.toAbsolutePath(), out);
            } else {
                System.out.print(out);
            }
            return ExitCodes.OK;
        }
    }

    /** `vipfs policy validate`. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check policy files; print the first error with line and column. Exit 2 if any is invalid.",
                    "Example: vipfs policy validate policies/*.hcl"})
    static final class Validate implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            int rc = ExitCodes.OK;
            for (Path f : files) {
                String name = f.getFileName().toString().replaceFirst("\\.(hcl|json)$", "");
                try {
                    Policy p = PolicyParser.parse(name, read(f.toString()));
                    System.out.println(f + ": ok (" + p.rules().size() + " rules)");
                    for (String w : p.warnings()) {
                        System.out.println(f + ": warning: " + w);
                    }
                } catch (PolicyException e) {
                    System.err.println("vipfs: " + f + ": " + e.getMessage());
                    rc = ExitCodes.USAGE;
                }
            }
            return rc;
        }
    }

    static String capabilities(java.util.Set<Capability> caps) {
        return caps.stream().map(Capability::hclName).collect(Collectors.joining(","));
    }
}
