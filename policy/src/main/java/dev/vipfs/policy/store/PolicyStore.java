package dev.vipfs.policy.store;

import dev.vipfs.policy.PolicyException;
import dev.vipfs.policy.acl.Policy;
import dev.vipfs.policy.acl.PolicyParser;
import dev.vipfs.policy.hcl.HclSyntax;
import dev.vipfs.policy.hcl.PolicyParseException;
import dev.vipfs.policy.identity.IdentityBindings;
import dev.vipfs.policy.identity.Subject;
import dev.vipfs.policy.identity.UnixAccounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Management of a home's named policies and identity bindings for the CLI. Every write validates
 * first and replaces files atomically, so a running mount's {@code reload()} never sees half a file.
 */
public final class PolicyStore {
    private final PolicyHome home;
    private final UnixAccounts accounts;

    public PolicyStore(Path home) {
        this(home, UnixAccounts.system());
    }

    public PolicyStore(Path home, UnixAccounts accounts) {
        this.home = new PolicyHome(home);
        this.accounts = accounts;
    }

    /** Names of the stored policies, sorted. */
    public List<String> list() throws PolicyException {
        return new ArrayList<>(home.loadPolicies().keySet());
    }

    /** The policy's text as stored. */
    public String read(String name) throws PolicyException {
        Path f = existing(checkName(name));
        if (f == null) {
            throw new PolicyException("no policy named '" + name + "' in " + home.policiesDir());
        }
        return PolicyHome.readText(f);
    }

    /**
     * Validates and stores a policy (HCL, or JSON when the text starts with '{'), replacing any
     * policy of that name. Returns the parsed policy so callers can show its warnings.
     */
    public Policy write(String name, String text) throws PolicyException {
        checkName(name);
        Policy parsed;
        try {
            parsed = PolicyParser.parse(name, text);
        } catch (PolicyParseException e) {
            throw e.in("policy '" + name + "'");
        }
        boolean json = HclSyntax.isJson(text);
        Path dir = home.policiesDir();
        Path target = dir.resolve(name + (json ? ".json" : ".hcl"));
        Path other = dir.resolve(name + (json ? ".hcl" : ".json"));
        try {
            Files.createDirectories(dir);
            atomicWrite(target, text);
            Files.deleteIfExists(other);
        } catch (IOException e) {
            throw new PolicyException("cannot write policy '" + name + "' to " + target + ": " + e.getMessage(), e);
        }
        return parsed;
    }

    /** Removes a policy; false if there was none. Bindings that name it then grant nothing from it. */
    public boolean delete(String name) throws PolicyException {
        checkName(name);
        try {
            boolean a = Files.deleteIfExists(home.policiesDir().resolve(name + ".hcl"));
            boolean b = Files.deleteIfExists(home.policiesDir().resolve(name + ".json"));
            return a || b;
        } catch (IOException e) {
            throw new PolicyException("cannot delete policy '" + name + "': " + e.getMessage(), e);
        }
    }

    /** Validates a policy file without storing it; the policy name is the file name without extension. */
    public static Policy validate(Path file) throws PolicyException {
        String fileName = file.getFileName().toString();
        String name = PolicyHome.policyName(fileName);
        return PolicyHome.parseFile(file, name == null ? fileName : name);
    }

    /** The current bindings, subject → policy names. */
    public Map<Subject, List<String>> identities() throws PolicyException {
        return home.loadIdentities(accounts).bindings();
    }

    /**
     * Sets the policies of one subject ({@code uid:N}, {@code gid:N}, {@code user:NAME},
     * {@code group:NAME} or {@code *}); an empty list removes the subject. Rewrites identities.hcl.
     */
    public void writeIdentity(String subject, List<String> policies) throws PolicyException {
        Subject s;
        try {
            s = Subject.parse(subject);
        } catch (PolicyParseException e) {
            throw new PolicyException(e.detail());
        }
        for (String p : policies) {
            checkName(p);
        }
        Map<Subject, List<String>> next = new LinkedHashMap<>(identities());
        if (policies.isEmpty()) {
            next.remove(s);
        } else {
            next.put(s, List.copyOf(policies));
        }
        saveIdentities(next);
    }

    /** Removes a subject's bindings; false if it had none. */
    public boolean deleteIdentity(String subject) throws PolicyException {
        Subject s;
        try {
            s = Subject.parse(subject);
        } catch (PolicyParseException e) {
            throw new PolicyException(e.detail());
        }
        Map<Subject, List<String>> next = new LinkedHashMap<>(identities());
        if (next.remove(s) == null) {
            return false;
        }
        saveIdentities(next);
        return true;
    }

    /** Parses the CLI form {@code policies=A,B} (or just {@code A,B}) into names. */
    public static List<String> parsePoliciesArgument(String arg) throws PolicyException {
        String list = arg.startsWith("policies=") ? arg.substring("policies=".length()) : arg;
        List<String> out = new ArrayList<>();
        for (String p : list.split(",", -1)) {
            String n = p.strip();
            if (n.isEmpty()) {
                if (list.isBlank()) {
                    break;
                }
                throw new PolicyException("empty policy name in '" + arg + "': use policies=A,B");
            }
            checkName(n);
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    private void saveIdentities(Map<Subject, List<String>> bindings) throws PolicyException {
        String text = IdentityBindings.of(bindings, accounts).toHcl();
        Path hcl = home.identitiesFile().resolveSibling("identities.hcl");
        try {
            Files.createDirectories(hcl.toAbsolutePath().getParent());
            atomicWrite(hcl, text);
            // identities.hcl is now the single source; a JSON file beside it would be ignored and confusing.
            Files.deleteIfExists(hcl.resolveSibling("identities.json"));
        } catch (IOException e) {
            throw new PolicyException("cannot write " + hcl + ": " + e.getMessage(), e);
        }
    }

    private Path existing(String name) {
        Path hcl = home.policiesDir().resolve(name + ".hcl");
        if (Files.isRegularFile(hcl)) {
            return hcl;
        }
        Path json = home.policiesDir().resolve(name + ".json");
        return Files.isRegularFile(json) ? json : null;
    }

    private static String checkName(String name) throws PolicyException {
        if (name == null || !PolicyHome.NAME.matcher(name).matches()) {
            throw new PolicyException("'" + name + "' is not a valid policy name: use letters, digits, '-', '_' and"
                    + " '.', not starting with '.'");
        }
        return name;
    }

    private static void atomicWrite(Path target, String text) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            SharedMode.copyGroupRead(target, tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
