package dev.vipfs.policy.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.policy.Decision;
import dev.vipfs.policy.Operation;
import dev.vipfs.policy.hcl.PolicyParseException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cases adapted from Vault's vault/acl_test.go (TestACL_Single, TestACL_Layered,
 * TestACL_SegmentWildcardPriority, TestACL_SegmentWildcardPriority_BareMount, TestACLGrantingPolicies)
 * and the priority-matching examples of Vault's policy documentation. Vault operations without a
 * filesystem meaning (help, patch, recover) and sudo/root checks are left out.
 */
class VaultAclCompatibilityTest {
    // Vault's aclPolicy fixture, rewritten (not copied) with the same rules.
    static final String DEV = """
            name = "DeV"
            path "dev/*" { policy = "sudo" }
            path "stage/*" { policy = "write" }
            path "stage/aws/*" {
              policy = "read"
              capabilities = ["update", "sudo"]
            }
            path "stage/aws/policy/*" { policy = "sudo" }
            path "prod/*" { policy = "read" }
            path "prod/aws/*" { policy = "deny" }
            path "sys/*" { policy = "deny" }
            path "foo/bar" { capabilities = ["read", "create", "sudo"] }
            path "baz/quux" { capabilities = ["read", "create", "patch"] }
            path "test/+/segment" { capabilities = ["read"] }
            path "+/segment/at/front" { capabilities = ["read"] }
            path "test/segment/at/end/+" { capabilities = ["read"] }
            path "test/segment/at/end/v2/+/" { capabilities = ["read"] }
            path "test/+/wildcard/+/*" { capabilities = ["read"] }
            path "test/+/wildcardglob/+/end*" { capabilities = ["read"] }
            path "1/2/*" { capabilities = ["create"] }
            path "1/2/+" { capabilities = ["read"] }
            path "1/2/+/+" { capabilities = ["update", "recover"] }
            """;

    static final String OPS = """
            name = "OpS"
            path "dev/hide/*" { policy = "deny" }
            path "stage/aws/policy/*" {
              policy = "deny"
              # no effect next to deny
              capabilities = ["read", "update", "sudo"]
            }
            path "prod/*" { policy = "write" }
            path "sys/seal" { policy = "sudo" }
            path "foo/bar" { capabilities = ["deny"] }
            path "baz/quux" { capabilities = ["deny"] }
            """;

    static AclEvaluator acl(String... policies) throws PolicyParseException {
        List<Policy> ps = new java.util.ArrayList<>();
        for (int i = 0; i < policies.length; i++) {
            ps.add(PolicyParser.parse("p" + i, policies[i]));
        }
        return AclEvaluator.compile(ps);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "READ, root, false",
            "READ, dev/foo, true",
            "UPDATE, dev/foo, true",
            "DELETE, stage/foo, true",
            "LIST, stage/aws/foo, true",
            "UPDATE, stage/aws/foo, true",
            "UPDATE, stage/aws/policy/foo, true",
            "DELETE, prod/foo, false",
            "UPDATE, prod/foo, false",
            "READ, prod/foo, true",
            "LIST, prod/foo, true",
            "READ, prod/aws/foo, false",
            "READ, foo/bar, true",
            "LIST, foo/bar, false",
            "UPDATE, foo/bar, false",
            "CREATE, foo/bar, true",
            "READ, baz/quux, true",
            "CREATE, baz/quux, true",
            "LIST, baz/quux, false",
            "UPDATE, baz/quux, false",
            "READ, test/foo/bar/segment, false",
            "READ, test/foo/segment, true",
            "READ, test/bar/segment, true",
            "READ, test/segment/at/frond, false",
            "READ, test/segment/at/front, true",
            "READ, test/segment/at/end/foo, true",
            "READ, test/segment/at/end/foo/, false",
            "READ, test/segment/at/end/v2/foo/, true",
            "READ, test/segment/wildcard/at/foo/, true",
            "READ, test/segment/wildcard/at/end, true",
            "READ, test/segment/wildcard/at/end/, true",
            "READ, 1/2/3/4, false",
            "READ, 1/2/3, true",
            "UPDATE, 1/2/3, false",
            "UPDATE, 1/2/3/4, true",
            "CREATE, 1/2/3/4/5, true",
    })
    void single(Operation op, String path, boolean allowed) throws Exception {
        assertEquals(allowed, acl(DEV).decide(path, op).allowed());
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "READ, root, false",
            "READ, dev/foo, true",
            "UPDATE, dev/foo, true",
            "READ, dev/hide/foo, false",
            "UPDATE, dev/hide/foo, false",
            "DELETE, stage/foo, true",
            "LIST, stage/aws/foo, true",
            "UPDATE, stage/aws/foo, true",
            "UPDATE, stage/aws/policy/foo, false",
            "DELETE, prod/foo, true",
            "UPDATE, prod/foo, true",
            "READ, prod/foo, true",
            "LIST, prod/foo, true",
            "READ, prod/aws/foo, false",
            "READ, sys/status, false",
            "UPDATE, sys/seal, true",
            "READ, foo/bar, false",
            "LIST, foo/bar, false",
            "UPDATE, foo/bar, false",
            "CREATE, foo/bar, false",
            "READ, baz/quux, false",
            "LIST, baz/quux, false",
            "UPDATE, baz/quux, false",
            "CREATE, baz/quux, false",
    })
    void layeredDenyAcrossPolicies(Operation op, String path, boolean allowed) throws Exception {
        assertEquals(allowed, acl(DEV, OPS).decide(path, op).allowed());
        // Policy order must not matter.
        assertEquals(allowed, acl(OPS, DEV).decide(path, op).allowed());
    }

    @Test
    void capabilitiesLikeVault() throws Exception {
        AclEvaluator a = acl(DEV);
        // "dev/*" does not match "dev" itself: no rule, default deny.
        assertEquals(Set.of(), a.capabilities("dev"));
        assertEquals(Set.of(Capability.CREATE, Capability.READ, Capability.UPDATE, Capability.DELETE, Capability.LIST),
                a.capabilities("dev/"));
        assertEquals(Set.of(Capability.READ, Capability.LIST, Capability.UPDATE), a.capabilities("stage/aws/test"));
    }

    /** Each pair has a read rule and an update rule; the update rule must win by Vault's priority order. */
    @ParameterizedTest(name = "{0} | {1} on {2}")
    @CsvSource(delimiter = '|', value = {
            "+/*        | *              | foo/bar/bar/baz",
            "+/*        | foo/+/*        | foo/bar/bar/baz",
            "foo/+/+/*  | foo/+/bar/baz  | foo/bar/bar/baz",
            "foo/+/+/baz | foo/+/bar/baz | foo/bar/bar/baz",
            "foo/+/(ar/baz | foo/(ar/+/baz | foo/(ar/(ar/baz",
            "foo/bar/+/baz* | foo/bar/+/baz | foo/bar/bar/baz",
            "foo/bar/+/b* | foo/bar/+/ba* | foo/bar/bar/baz",
    })
    void segmentWildcardPriority(String readRule, String updateRule, String path) throws Exception {
        String policy = "path \"" + readRule + "\" { capabilities = [\"read\"] }\n"
                + "path \"" + updateRule + "\" { capabilities = [\"update\"] }\n";
        AclEvaluator a = acl(policy);
        assertTrue(a.decide(path, Operation.UPDATE).allowed(), "update rule should win");
        assertFalse(a.decide(path, Operation.READ).allowed(), "read rule should lose");
        assertEquals(updateRule, a.decide(path, Operation.UPDATE).rule());
    }

    /** Vault's bare-mount check ("perms on the prefix or below") is our LOOKUP of a directory. */
    @ParameterizedTest(name = "{0} lets lookup {1}")
    @CsvSource(delimiter = '|', value = {
            "+            | foo",
            "+/*          | foo",
            "foo/+/+/*    | foo",
            "foo/+/+/*    | foo/bar",
            "foo/+/+/*    | foo/bar/bar",
            "foo/+/+/*    | foo/bar/bar/baz",
            "foo/+/+/baz  | foo/bar/bar",
            "foo/+/bar/baz | foo/bar/bar",
            "foo/bar/+/baz* | foo/bar/bar",
            "foo/bar/+/b* | foo/bar/bar",
            "foo/+        | foo",
    })
    void bareMountLookup(String rule, String dir) throws Exception {
        AclEvaluator a = acl("path \"" + rule + "\" { capabilities = [\"read\"] }");
        assertTrue(a.decide(dir, Operation.LOOKUP).allowed());
    }

    @Test
    void grantingPoliciesAreReported() throws Exception {
        Policy granting = PolicyParser.parse("granting_policy", """
                path "kv/foo" { capabilities = ["update", "read"] }
                path "kv/path/*" { capabilities = ["read"] }
                path "kv/path/longer" { capabilities = ["update", "read"] }
                path "kv/path/longer2" { capabilities = ["update"] }
                path "kv/deny" { capabilities = ["deny"] }
                """);
        Policy merged = PolicyParser.parse("granting_policy_merged", """
                path "kv/foo" { capabilities = ["update", "read"] }
                path "kv/bar" { capabilities = ["update", "read"] }
                path "kv/path/*" { capabilities = ["read"] }
                path "kv/path/longer" { capabilities = ["read"] }
                path "kv/path/longer3" { capabilities = ["read"] }
                path "kv/deny" { capabilities = ["update"] }
                """);
        AclEvaluator one = AclEvaluator.compile(List.of(granting));
        AclEvaluator both = AclEvaluator.compile(List.of(granting, merged));
        assertEquals("granting_policy", one.decide("kv/foo", Operation.READ).policy());
        assertFalse(one.decide("kv/bad", Operation.READ).allowed());
        assertFalse(one.decide("kv/deny", Operation.READ).allowed());
        assertTrue(one.decide("kv/path/longer", Operation.READ).allowed());
        Decision d = both.decide("kv/foo", Operation.READ);
        assertEquals("granting_policy,granting_policy_merged", d.policy());
        assertEquals("kv/foo", d.rule());
        assertEquals("granting_policy_merged", both.decide("kv/path/longer3", Operation.READ).policy());
        assertEquals("granting_policy_merged", both.decide("kv/bar", Operation.READ).policy());
        Decision deny = both.decide("kv/deny", Operation.READ);
        assertFalse(deny.allowed());
        assertEquals("granting_policy", deny.policy(), "only the denying policy decides a denied pattern");
        assertTrue(both.decide("kv/path/longer", Operation.UPDATE).allowed());
        assertEquals("granting_policy,granting_policy_merged", both.decide("kv/path/foo", Operation.READ).policy());
    }

    /** The examples under "Priority matching" in Vault's policy documentation. */
    @Test
    void documentedPriorityExamples() throws Exception {
        // secret/* vs secret/foo*: the longer prefix wins for secret/foo*.
        AclEvaluator a = acl("""
                path "secret/*" { capabilities = ["read"] }
                path "secret/foo*" { capabilities = ["update"] }
                """);
        assertEquals("secret/foo*", a.decide("secret/foobar", Operation.UPDATE).rule());
        assertTrue(a.decide("secret/bar", Operation.READ).allowed());
        // An exact path beats any glob.
        AclEvaluator b = acl("""
                path "secret/*" { capabilities = ["deny"] }
                path "secret/foo" { capabilities = ["read"] }
                """);
        assertTrue(b.decide("secret/foo", Operation.READ).allowed());
        assertFalse(b.decide("secret/foo2", Operation.READ).allowed());
        // "secret/+/foo/*" vs "secret/bar/+/*": the later first wildcard wins.
        AclEvaluator c = acl("""
                path "secret/+/foo/*" { capabilities = ["read"] }
                path "secret/bar/+/*" { capabilities = ["update"] }
                """);
        assertEquals("secret/bar/+/*", c.decide("secret/bar/foo/x", Operation.UPDATE).rule());
        // A leading slash is stripped from patterns and requests alike.
        AclEvaluator d = acl("path \"/secret/x\" { capabilities = [\"read\"] }");
        assertTrue(d.decide("secret/x", Operation.READ).allowed());
        assertTrue(d.decide("/secret/x", Operation.READ).allowed());
        assertEquals("secret/x", d.decide("secret/x", Operation.READ).rule());
    }

    @Test
    void defaultDeny() throws Exception {
        Decision d = acl("path \"a/*\" { capabilities = [\"read\"] }").decide("b/c", Operation.READ);
        assertFalse(d.allowed());
        assertEquals(null, d.rule());
        assertFalse(AclEvaluator.empty().decide("anything", Operation.READ).allowed());
    }
}
