package dev.vipfs.cli;

import java.time.LocalDate;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * A man(7) page rendered from picocli's model of the command tree: every command's own usage
 * text, so the page never drifts from {@code --help}. picocli-codegen's ManPageGenerator writes
 * AsciiDoc, which would need asciidoctor (Ruby) at build or install time; troff is simple enough
 * to write here.
 */
final class ManPage {
    private ManPage() { }

    static String render(CommandLine root, String version) {
        StringBuilder out = new StringBuilder();
        String name = root.getCommandName();
        out.append(".TH ").append(name.toUpperCase()).append(" 1 \"").append(LocalDate.now()).append("\" \"")
                .append(name).append(' ').append(version).append("\" \"User Commands\"\n");
        out.append(".SH NAME\n").append(name).append(" \\- ")
                .append(escape(String.join(" ", root.getCommandSpec().usageMessage().description()).split("\\.")[0]))
                .append('\n');
        out.append(".SH SYNOPSIS\n.B ").append(name).append("\n[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n");
        out.append(".SH DESCRIPTION\n");
        usage(out, root);
        out.append(".SH COMMANDS\n");
        commands(out, root, name);
        out.append(".SH ENVIRONMENT\n.TP\n.B VIPFS_HOME\nthe home directory (default ~/.vipfs)\n")
                .append(".TP\n.B IPFS_PATH\nwhere the Kubo API address is discovered for --store kubo\n")
                .append(".TP\n.B VIPFS_DEBUG\nprint stack traces with error messages\n");
        out.append(".SH EXIT STATUS\n0 success, 1 failure, 2 bad input, 3 access refused.\n");
        out.append(".SH FILES\n$VIPFS_HOME/config.json (see docs/config.md), keys/, policies/, blocks/, catalog/, audit.log\n");
        return out.toString();
    }

    private static void commands(StringBuilder out, CommandLine parent, String prefix) {
        for (Map.Entry<String, CommandLine> e : parent.getSubcommands().entrySet()) {
            CommandLine sub = e.getValue();
            if (!e.getKey().equals(sub.getCommandName()) || sub.getCommandSpec().usageMessage().hidden()) {
                continue; // an alias
            }
            String full = prefix + " " + sub.getCommandName();
            out.append(".SS ").append(escape(full)).append('\n');
            usage(out, sub);
            commands(out, sub, full);
        }
    }

    /** The command's usage help as preformatted text, which is how --help lays it out. */
    private static void usage(StringBuilder out, CommandLine cmd) {
        out.append(".nf\n");
        cmd.getUsageMessage(Ansi.OFF).lines().forEach(l -> out.append(escape(l)).append('\n'));
        out.append(".fi\n");
    }

    /** Backslashes, lines troff would read as requests, and non-ASCII (troff reads bytes, not UTF-8). */
    private static String escape(String s) {
        StringBuilder e = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (c == '\\') {
                e.append("\\e");
            } else if (c > 126) {
                e.append(String.format("\\[u%04X]", c));
            } else {
                e.appendCodePoint(c);
            }
        });
        return e.length() > 0 && (e.charAt(0) == '.' || e.charAt(0) == '\'') ? "\\&" + e : e.toString();
    }
}
