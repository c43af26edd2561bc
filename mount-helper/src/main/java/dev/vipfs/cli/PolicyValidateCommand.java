package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.policy.PolicyException;
import dev.vipfs.policy.acl.Policy;
import dev.vipfs.policy.acl.PolicyParser;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `vipfs policy validate`. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check policy files; print the first error with line and column. Exit 2 if any is invalid.",
                "Example: vipfs policy validate policies/*.hcl"})
final class PolicyValidateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        int rc = ExitCodes.OK;
        for (Path f : files) {
            String name = PolicyCommand.nameOf(f);
            try {
                Policy p = PolicyParser.parse(name, PolicyCommand.read(f.toString()));
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
