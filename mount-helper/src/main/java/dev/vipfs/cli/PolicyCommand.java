package dev.vipfs.cli;

import dev.vipfs.exit.UserException;
import dev.vipfs.node.VipfsHome;
import dev.vipfs.policy.PolicyException;
import dev.vipfs.policy.acl.Policy;
import dev.vipfs.policy.acl.PolicyParser;
import dev.vipfs.policy.store.PolicyHome;
import dev.vipfs.policy.store.SharedMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * `vipfs policy …`: Vault-style policies, managed the way Vault users manage them. One class per
 * subcommand; this one holds what they share: the home's policy files, reading a policy given on
 * the command line, and writing a file atomically.
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {"Manage access policies (Vault ACL syntax, HCL or JSON).",
                "Policies live in $VIPFS_HOME/policies; a running mount reloads them on SIGHUP.",
                "The mapping of capabilities to filesystem operations is in docs/policy.md."},
        subcommands = {PolicyWriteCommand.class, PolicyListCommand.class, PolicyReadCommand.class,
                PolicyDeleteCommand.class, PolicyCheckCommand.class, PolicyFmtCommand.class,
                PolicyValidateCommand.class})
final class PolicyCommand {
    private PolicyCommand() { }

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

    /** The policy name a file stands for: its name without a .hcl or .json extension. */
    static String nameOf(Path file) {
        return file.getFileName().toString().replaceFirst("\\.(hcl|json)$", "");
    }

    static void writeAtomically(Path target, String text) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.writeString(tmp, text); // 0600: Main's umask
        SharedMode.copyGroupRead(target, tmp);
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
}
