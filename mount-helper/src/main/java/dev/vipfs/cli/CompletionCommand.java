package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `vipfs completion bash`: picocli's completion script for every command and option. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script (bash; zsh loads it through bashcompinit).",
                "Examples: vipfs completion bash > /etc/bash_completion.d/vipfs",
                "          source <(vipfs completion bash)"})
final class CompletionCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SHELL", defaultValue = "bash", description = "bash (the default) or zsh")
    String shell;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new UserException("no completion for shell '" + shell + "' (bash or zsh)");
        }
        // The script is generated from the whole command tree, so it always matches this build.
        CommandLine root = spec.root().commandLine();
        System.out.print(AutoComplete.bash(root.getCommandName(), root));
        System.out.flush();
        return ExitCodes.OK;
    }
}
