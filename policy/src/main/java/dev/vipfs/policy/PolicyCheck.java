package dev.vipfs.policy;

import dev.vipfs.policy.acl.AclEvaluator;
import dev.vipfs.policy.acl.Policy;
import dev.vipfs.policy.identity.UnixAccounts;
import dev.vipfs.policy.store.PolicyStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The `vipfs policy check` helper: which rule decides an operation for a caller, and why. */
public final class PolicyCheck {
    /** A decision together with the policies that applied and any configuration warnings. */
    public record Result(Decision decision, Set<String> policies, List<String> warnings) { }

    private PolicyCheck() { }

    /** Decides as a mount on this home would, using its identity bindings. */
    public static Result check(Path home, Caller caller, String path, Operation op) throws PolicyException {
        return check(home, UnixAccounts.system(), caller, path, op);
    }

    /** As {@link #check(Path, Caller, String, Operation)} with explicit account names. */
    public static Result check(Path home, UnixAccounts accounts, Caller caller, String path, Operation op)
            throws PolicyException {
        PolicyEngine engine = PolicyEngine.load(home, accounts);
        return new Result(engine.decide(caller, path, op), engine.policiesFor(caller), engine.warnings());
    }

    /** Decides with exactly these policy files applied to the caller (no identity bindings involved). */
    public static Result check(List<Path> policyFiles, String path, Operation op) throws PolicyException {
        List<Policy> policies = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> names = new TreeSet<>();
        for (Path f : policyFiles) {
            Policy p = PolicyStore.validate(f);
            policies.add(p);
            names.add(p.name());
            p.warnings().forEach(w -> warnings.add(p.name() + ": " + w));
        }
        return new Result(AclEvaluator.compile(policies).decide(path, op), names, warnings);
    }
}
