package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `vipfs policy delete`. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a stored policy.")
final class PolicyDeleteCommand implements Callable<Integer> {
    @Parameters(arity = "1", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() throws Exception {
        Files.delete(PolicyCommand.existing(PolicyCommand.home(), name));
        System.out.println("Success! Deleted policy: " + name);
        return ExitCodes.OK;
    }
}
