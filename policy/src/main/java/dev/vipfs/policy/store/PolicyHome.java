package dev.vipfs.policy.store;

import dev.vipfs.policy.PolicyException;
import dev.vipfs.policy.acl.Policy;
import dev.vipfs.policy.acl.PolicyParser;
import dev.vipfs.policy.hcl.PolicyParseException;
import dev.vipfs.policy.identity.IdentityBindings;
import dev.vipfs.policy.identity.UnixAccounts;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The policy files of a vipfs home: {@code policies/NAME.hcl|.json} and {@code identities.hcl|.json}. */
public final class PolicyHome {
    /** Policy names are file names: letters, digits, '-', '_', '.', not starting with '.'. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private final Path home;

    public PolicyHome(Path home) {
        this.home = home;
    }

    public Path policiesDir() {
        return home.resolve("policies");
    }

    /** identities.hcl, or identities.json when only that exists. */
    public Path identitiesFile() {
        Path hcl = home.resolve("identities.hcl");
        Path json = home.resolve("identities.json");
        return !Files.exists(hcl) && Files.exists(json) ? json : hcl;
    }

    /** Parses every policy file; a missing directory means no policies. */
    public Map<String, Policy> loadPolicies() throws PolicyException {
        Map<String, Policy> out = new TreeMap<>();
        Path dir = policiesDir();
        if (!Files.isDirectory(dir)) {
            if (Files.exists(dir)) {
                throw new PolicyException(dir + " is not a directory");
            }
            return out;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                files.add(p);
            }
        } catch (IOException e) {
            throw new PolicyException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        files.sort(null);
        for (Path f : files) {
            String file = f.getFileName().toString();
            String name = policyName(file);
            if (name == null) {
                continue; // editor backups, READMEs and the like are not policies
            }
            if (!NAME.matcher(name).matches()) {
                throw new PolicyException(f + ": '" + name + "' is not a valid policy name (letters, digits, '-', '_', '.')");
            }
            if (out.containsKey(name)) {
                throw new PolicyException("policy '" + name + "' is defined twice in " + dir
                        + " (both .hcl and .json); remove one");
            }
            out.put(name, parseFile(f, name));
        }
        return out;
    }

    /** The policy name of a file name, or null when the file is not a policy. */
    public static String policyName(String fileName) {
        if (fileName.startsWith(".")) {
            return null;
        }
        if (fileName.endsWith(".hcl")) {
            return fileName.substring(0, fileName.length() - 4);
        }
        if (fileName.endsWith(".json")) {
            return fileName.substring(0, fileName.length() - 5);
        }
        return null;
    }

    /** Parses one policy file, naming the file in any error. */
    public static Policy parseFile(Path f, String name) throws PolicyException {
        String text = readText(f);
        try {
            return PolicyParser.parse(name, text);
        } catch (PolicyParseException e) {
            throw e.in(f.toString());
        }
    }

    /** Identity bindings; no file means nobody is bound to anything. */
    public IdentityBindings loadIdentities(UnixAccounts accounts) throws PolicyException {
        Path f = identitiesFile();
        if (!Files.exists(f)) {
            return IdentityBindings.none();
        }
        String text = readText(f);
        try {
            return IdentityBindings.parse(text, accounts);
        } catch (PolicyParseException e) {
            throw e.in(f.toString());
        }
    }

    static String readText(Path f) throws PolicyException {
        try {
            byte[] bytes = Files.readAllBytes(f);
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PolicyException(f + " is not valid UTF-8");
        } catch (IOException e) {
            throw new PolicyException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
