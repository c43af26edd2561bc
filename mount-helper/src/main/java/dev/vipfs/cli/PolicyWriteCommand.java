package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.policy.acl.Policy;
import dev.vipfs.policy.hcl.HclSyntax;
import dev.vipfs.policy.store.PolicyHome;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `vipfs policy write`. */
@Command(name = "write", mixinStandardHelpOptions = true,
        description = {"Validate a policy and store it under NAME (replacing an older one).",
                "Example: vipfs policy write site-read site-read.hcl"})
final class PolicyWriteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "FILE", description = "policy file, or - for stdin")
    String file;

    @Override
    public Integer call() throws Exception {
        if (!PolicyHome.NAME.matcher(name).matches()) {
            throw new UserException("invalid policy name '" + name + "' (letters, digits, '.', '-', '_')");
        }
        PolicyHome home = PolicyCommand.home();
        String text = PolicyCommand.read(file);
        Policy p = PolicyCommand.parse(name, text);
        for (String w : p.warnings()) {
            System.err.println("vipfs: warning: " + w);
        }
        String ext = HclSyntax.isJson(text) ? ".json" : ".hcl";
        for (String other : List.of(".hcl", ".json")) {
            if (!other.equals(ext)) {
                Files.deleteIfExists(home.policiesDir().resolve(name + other));
            }
        }
        PolicyCommand.writeAtomically(home.policiesDir().resolve(name + ext), text);
        System.out.println("Success! Uploaded policy: " + name);
        return ExitCodes.OK;
    }
}
