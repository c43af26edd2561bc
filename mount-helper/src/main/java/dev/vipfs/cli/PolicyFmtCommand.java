package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.policy.PolicyException;
import dev.vipfs.policy.acl.PathRule;
import dev.vipfs.policy.acl.Policy;
import dev.vipfs.policy.hcl.HclSyntax;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `vipfs policy fmt`: a policy file as canonical HCL, one stanza per rule. */
@Command(name = "fmt", mixinStandardHelpOptions = true,
        description = {"Print a policy file in canonical HCL (-w: rewrite the file). Comments are not kept, so -w",
                "refuses a file that has any unless --drop-comments is given.",
                "Example: vipfs policy fmt -w site.hcl"})
final class PolicyFmtCommand implements Callable<Integer> {
    @Option(names = {"-w", "--write"}, description = "rewrite the file in place")
    boolean write;

    @Option(names = "--drop-comments", description = "let -w rewrite a file that has comments (they are not kept)")
    boolean dropComments;

    @Parameters(arity = "1", paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() throws Exception {
        String text = PolicyCommand.read(file.toString());
        String out = canonical(PolicyCommand.parse(PolicyCommand.nameOf(file), text));
        if (write && !dropComments && hasComments(text)) {
            throw new UserException("not rewriting " + file + ": canonical HCL does not keep its comments;"
                    + " print it without -w, or pass --drop-comments", ExitCodes.USAGE);
        }
        if (write) {
            PolicyCommand.writeAtomically(file.toAbsolutePath(), out);
        } else {
            System.out.print(out);
        }
        return ExitCodes.OK;
    }

    private static boolean hasComments(String text) throws UserException {
        try {
            return HclSyntax.hasComments(text);
        } catch (PolicyException e) {
            throw new UserException("invalid policy " + e.getMessage());
        }
    }

    /** Canonical HCL, one stanza per rule, as `fmt` prints it. */
    private static String canonical(Policy p) {
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
}
