package dev.vipfs.policy;

import dev.vipfs.policy.acl.AclEvaluator;
import dev.vipfs.policy.acl.PathRule;
import dev.vipfs.policy.acl.Policy;
import dev.vipfs.policy.identity.IdentityBindings;
import dev.vipfs.policy.identity.UnixAccounts;
import dev.vipfs.policy.store.PolicyHome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
    private final RootCanonicalizer roots;
    private final boolean allowAll;
    private final AtomicLong generation = new AtomicLong();
    private volatile Snapshot current;

    private PolicyEngine(Path home, UnixAccounts accounts, RootCanonicalizer roots, boolean allowAll, Snapshot snapshot) {
        this.home = home;
        this.accounts = accounts;
        this.roots = roots;
        this.allowAll = allowAll;
        this.current = snapshot;
    }

    /** Loads {@code policies/*.hcl|*.json} and {@code identities.hcl|.json} under home, resolving names via /etc. */
    public static PolicyEngine load(Path home) throws PolicyException {
        return load(home, UnixAccounts.system());
    }

    /** As {@link #load(Path)} with explicit account names (tests, alternative passwd files). */
    public static PolicyEngine load(Path home, UnixAccounts accounts) throws PolicyException {
        return load(home, accounts, RootCanonicalizer.NONE);
    }

    /** As {@link #load(Path)}, with each rule's literal first segment rewritten to the spelling the mount decides on. */
    public static PolicyEngine load(Path home, RootCanonicalizer roots) throws PolicyException {
        return load(home, UnixAccounts.system(), roots);
    }

    /** As {@link #load(Path, RootCanonicalizer)} with explicit account names. */
    public static PolicyEngine load(Path home, UnixAccounts accounts, RootCanonicalizer roots) throws PolicyException {
        return new PolicyEngine(home, accounts, roots, false, read(home, accounts, roots));
    }

    /** An engine built from already-parsed parts, e.g. for the `policy check` helper. */
    public static PolicyEngine of(List<Policy> policies, IdentityBindings bindings) {
        return of(policies, bindings, RootCanonicalizer.NONE);
    }

    /** As {@link #of(List, IdentityBindings)} with canonical first segments. */
    public static PolicyEngine of(List<Policy> policies, IdentityBindings bindings, RootCanonicalizer roots) {
        Map<String, Policy> byName = new java.util.LinkedHashMap<>();
        for (Policy p : policies) {
            byName.put(p.name(), canonical(p, roots));
        }
        return new PolicyEngine(null, null, roots, false,
                new Snapshot(Map.copyOf(byName), bindings, bindings.warnings()));
    }

    /** Allows every operation to everyone; only for tests and mounts explicitly configured as open. */
    public static PolicyEngine allowAll() {
        return new PolicyEngine(null, null, RootCanonicalizer.NONE, true, null);
    }

    private static Policy canonical(Policy p, RootCanonicalizer roots) {
        if (roots == RootCanonicalizer.NONE) {
            return p;
        }
        List<PathRule> rules = new ArrayList<>(p.rules().size());
        for (PathRule r : p.rules()) {
            rules.add(r.withCanonicalRoot(roots::canonical));
        }
        return new Policy(p.name(), rules, p.warnings());
    }

    private static Snapshot read(Path home, UnixAccounts accounts, RootCanonicalizer roots) throws PolicyException {
        PolicyHome files = new PolicyHome(home);
        Map<String, Policy> policies = new java.util.LinkedHashMap<>();
        files.loadPolicies().forEach((name, p) -> policies.put(name, canonical(p, roots)));
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
        Snapshot next = read(home, accounts, roots);
        current = next;
        generation.incrementAndGet();
    }

    /** Counts successful reloads, so that what is derived from the rules (the mount's name index) knows when to renew. */
    @Override
    public long generation() {
        return generation.get();
    }

    /**
     * The literal first segments of every rule in every loaded policy (for example the CIDs that rules
     * name), whoever they are bound to: the mount indexes those trees so that a rule follows its
     * content under every other name.
     */
    @Override
    public Set<String> literalRoots() {
        if (allowAll) {
            return Set.of();
        }
        Set<String> out = new java.util.TreeSet<>();
        for (Policy p : current.policies().values()) {
            for (PathRule r : p.rules()) {
                String first = r.literalFirstSegment();
                if (first != null) {
                    out.add(first);
                }
            }
        }
        return out;
    }

    @Override
    public Decision decide(Caller caller, String path, Operation op) {
        if (allowAll) {
            return Decision.allowAll();
        }
        if (caller == null || path == null || op == null) {
            return new Decision(false, null, null, "incomplete access request");
        }
        Snapshot snap = current;
        if (!caller.groupsKnown() && snap.bindings().hasGroupBindings()) {
            return new Decision(false, null, null, "the supplementary groups of pid " + caller.pid()
                    + " could not be read, so group-bound policies cannot be applied (deny)");
        }
        AclEvaluator e = snap.evaluator(caller);
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

    /** The identity bindings in force (none for an allow-all engine). */
    public IdentityBindings bindings() {
        return allowAll ? IdentityBindings.none() : current.bindings();
    }

    /** Whether this engine allows everything. */
    public boolean isAllowAll() {
        return allowAll;
    }
}
