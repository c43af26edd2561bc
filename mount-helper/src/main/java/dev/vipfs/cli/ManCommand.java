package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `vipfs man`: the man page in troff, generated from the commands themselves. */
@Command(name = "man", mixinStandardHelpOptions = true,
        description = {"Print the vipfs(1) man page (troff), generated from every command's help.",
                "Examples: vipfs man | man -l -",
                "          vipfs man > /usr/local/share/man/man1/vipfs.1"})
final class ManCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        System.out.print(ManPage.render(spec.root().commandLine(), VipfsCommand.Version.of()));
        System.out.flush();
        return ExitCodes.OK;
    }
}
