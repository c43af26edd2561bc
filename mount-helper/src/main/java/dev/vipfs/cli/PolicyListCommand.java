package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.policy.store.PolicyHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/** `vipfs policy list`. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List stored policy names.")
final class PolicyListCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        PolicyHome home = PolicyCommand.home();
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
