package dev.vipfs.policy;

import dev.vipfs.policy.acl.AclEvaluator;
import dev.vipfs.policy.acl.Policy;
import dev.vipfs.policy.identity.IdentityBindings;
import dev.vipfs.policy.identity.UnixAccounts;
import dev.vipfs.policy.identity.PolicyHome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mount's access policy: Vault ACL policies from {@code <home>/policies} applied to callers
 * through the identity bindings in {@code <home>/identities.hcl}. Thread-safe; {@link #reload()}
 * swaps the whole configuration atomically.
 */
public final class PolicyEngine implements AccessPolicy {
    /** One consistent configuration; evaluators are compiled lazily per distinct set of policy names. */
    private record Snapshot(Map<String, Policy> policies, IdentityBindings bindings, List<String> warnings,
                            ConcurrentHashMap<Set<String>, AclEvaluator> evaluators,
                            ConcurrentHashMap<Caller, AclEvaluator> byCaller) {
        Snapshot(Map<String, Policy> policies, IdentityBindings bindings, List<String> warnings) {
            this(policies, bindings, warnings, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }

        /** The caller's evaluator; remembered per caller so the hot path skips identity resolution. */
        AclEvaluator evaluator(Caller caller) {
            AclEvaluator e = byCaller.get(caller);
            if (e == null) {
                Set<String> names = bindings.policiesFor(caller);
                e = names.isEmpty() ? null : evaluator(names);
                if (e != null) {
                    if (byCaller.size() >= CALLER_CACHE_LIMIT) {
                        byCaller.clear();
                    }
                    byCaller.put(caller, e);
                }
            }
            return e;
        }

        AclEvaluator evaluator(Set<String> names) {
            return evaluators.computeIfAbsent(names, n -> {
                List<Policy> chosen = new ArrayList<>();
                for (String name : n) {
                    Policy p = policies.get(name);
                    if (p != null) {
                        chosen.add(p);
                    }
                }
                return AclEvaluator.compile(chosen);
            });
        }
    }

    private static final int CALLER_CACHE_LIMIT = 16_384;

    private final Path home;
    private final UnixAccounts accounts;
    private final boolean allowAll;
    private volatile Snapshot current;

    private PolicyEngine(Path home, UnixAccounts accounts, boolean allowAll, Snapshot snapshot) {
        this.home = home;
        this.accounts = accounts;
        this.allowAll = allowAll;
        this.current = snapshot;
    }

    /** Loads {@code policies/*.hcl|*.json} and {@code identities.hcl|.json} under home, resolving names via /etc. */
    public static PolicyEngine load(Path home) throws PolicyException {
        return load(home, UnixAccounts.system());
    }

    /** As {@link #load(Path)} with explicit account names (tests, alternative passwd files). */
    public static PolicyEngine load(Path home, UnixAccounts accounts) throws PolicyException {
        return new PolicyEngine(home, accounts, false, read(home, accounts));
    }

    /** An engine built from already-parsed parts, e.g. for the `policy check` helper. */
    public static PolicyEngine of(List<Policy> policies, IdentityBindings bindings) {
        Map<String, Policy> byName = new java.util.LinkedHashMap<>();
        for (Policy p : policies) {
            byName.put(p.name(), p);
        }
        return new PolicyEngine(null, null, false,
                new Snapshot(Map.copyOf(byName), bindings, bindings.warnings()));
    }

    /** Allows every operation to everyone; only for tests and mounts explicitly configured as open. */
    public static PolicyEngine allowAll() {
        return new PolicyEngine(null, null, true, null);
    }

    private static Snapshot read(Path home, UnixAccounts accounts) throws PolicyException {
        PolicyHome files = new PolicyHome(home);
        Map<String, Policy> policies = files.loadPolicies();
        IdentityBindings bindings = files.loadIdentities(accounts);
        List<String> warnings = new ArrayList<>(bindings.warnings());
        policies.values().forEach(p -> p.warnings().forEach(w -> warnings.add(p.name() + ": " + w)));
        bindings.bindings().forEach((subject, names) -> {
            for (String n : names) {
                if (!policies.containsKey(n)) {
                    warnings.add("identity \"" + subject + "\" names policy \"" + n + "\" which does not exist");
                }
            }
        });
        return new Snapshot(policies, bindings, List.copyOf(warnings));
    }

    /** Re-reads the home; on any error the previous configuration stays in force and the error is thrown. */
    public void reload() throws PolicyException {
        if (allowAll || home == null) {
            return;
        }
        Snapshot next = read(home, accounts);
        current = next;
    }

    @Override
    public Decision decide(Caller caller, String path, Operation op) {
        if (allowAll) {
            return Decision.allowAll();
        }
        if (caller == null || path == null || op == null) {
            return new Decision(false, null, null, "incomplete access request");
        }
        AclEvaluator e = current.evaluator(caller);
        if (e == null) {
            return new Decision(false, null, null, "no policy is bound to uid " + caller.uid() + ", gid "
                    + caller.gid() + " or its groups (default deny)");
        }
        return e.decide(path, op);
    }

    /** The policy names that apply to a caller under the current configuration. */
    public Set<String> policiesFor(Caller caller) {
        return allowAll ? Set.of() : current.bindings().policiesFor(caller);
    }

    /** Non-fatal findings of the current configuration (ignored capabilities, unknown names, missing policies). */
    public List<String> warnings() {
        return allowAll ? List.of() : current.warnings();
    }

    /** The loaded policies by name. */
    public Map<String, Policy> policies() {
        return allowAll ? Map.of() : current.policies();
    }

    /** Whether this engine allows everything. */
    public boolean isAllowAll() {
        return allowAll;
    }
}
