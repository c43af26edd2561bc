package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `vipfs policy read`. */
@Command(name = "read", mixinStandardHelpOptions = true, description = "Print a stored policy as written.")
final class PolicyReadCommand implements Callable<Integer> {
    @Parameters(arity = "1", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() throws Exception {
        System.out.print(Files.readString(PolicyCommand.existing(PolicyCommand.home(), name)));
        return ExitCodes.OK;
    }
}
