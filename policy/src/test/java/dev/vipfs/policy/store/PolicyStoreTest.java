package dev.vipfs.policy.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Operation;
import dev.vipfs.policy.PolicyCheck;
import dev.vipfs.policy.PolicyEngine;
import dev.vipfs.policy.PolicyException;
import dev.vipfs.policy.acl.PolicyFormatter;
import dev.vipfs.policy.acl.PolicyParser;
import dev.vipfs.policy.hcl.PolicyParseException;
import dev.vipfs.policy.identity.Subject;
import dev.vipfs.policy.identity.UnixAccounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI helpers: policy and identity management, validate, fmt and check. */
class PolicyStoreTest {
    @TempDir
    Path home;

    final UnixAccounts accounts = UnixAccounts.of(Map.of("alice", 1001), Map.of("www-data", 33));

    @Test
    void writeReadListDelete() throws Exception {
        PolicyStore s = new PolicyStore(home, accounts);
        assertEquals(List.of(), s.list());
        s.write("site-read", "path \"site/*\" { capabilities = [\"read\"] }\n");
        s.write("json-one", "{\"path\": {\"x\": {\"capabilities\": [\"list\"]}}}");
        assertEquals(List.of("json-one", "site-read"), s.list());
        assertTrue(Files.exists(home.resolve("policies/json-one.json")));
        assertTrue(s.read("site-read").contains("site/*"));
        // Rewriting in the other syntax replaces, never duplicates.
        s.write("json-one", "path \"x\" { capabilities = [\"read\"] }");
        assertFalse(Files.exists(home.resolve("policies/json-one.json")));
        assertTrue(s.delete("json-one"));
        assertFalse(s.delete("json-one"));
        assertThrows(PolicyException.class, () -> s.read("json-one"));
    }

    @Test
    void invalidPolicyIsRejectedBeforeWriting() throws Exception {
        PolicyStore s = new PolicyStore(home, accounts);
        s.write("p", "path \"a\" { capabilities = [\"read\"] }");
        PolicyParseException e = assertThrows(PolicyParseException.class,
                () -> s.write("p", "path \"a\" {\n capabilities = [\"raed\"] }"));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("policy 'p'"), e.getMessage());
        assertTrue(s.read("p").contains("\"read\""), "old text kept");
        assertThrows(PolicyException.class, () -> s.write("../evil", "path \"a\" {}"));
        assertThrows(PolicyException.class, () -> s.write(".hidden", "path \"a\" {}"));
    }

    @Test
    void identityWriteAndDelete() throws Exception {
        PolicyStore s = new PolicyStore(home, accounts);
        s.write("site-read", "path \"site/*\" { capabilities = [\"read\"] }\n");
        s.writeIdentity("group:www-data", PolicyStore.parsePoliciesArgument("policies=site-read"));
        s.writeIdentity("uid:1001", PolicyStore.parsePoliciesArgument("policies=site-read,other"));
        assertEquals(List.of("site-read", "other"), s.identities().get(Subject.parse("uid:1001")));
        PolicyEngine e = PolicyEngine.load(home, accounts);
        assertTrue(e.decide(Caller.of(5000, 5000, 33), "site/a", Operation.READ).allowed());
        assertTrue(s.deleteIdentity("group:www-data"));
        assertFalse(s.deleteIdentity("group:www-data"));
        e.reload();
        assertFalse(e.decide(Caller.of(5000, 5000, 33), "site/a", Operation.READ).allowed());
        assertThrows(PolicyException.class, () -> s.writeIdentity("person:x", List.of("a")));
        assertThrows(PolicyException.class, () -> PolicyStore.parsePoliciesArgument("policies=a,,b"));
        assertEquals(List.of(), PolicyStore.parsePoliciesArgument("policies="));
    }

    @Test
    void validateNamesTheFile() throws Exception {
        Path f = Files.writeString(home.resolve("bad.hcl"), "path \"a\" {\n  capabilities = [\"read\"\n}\n");
        PolicyParseException e = assertThrows(PolicyParseException.class, () -> PolicyStore.validate(f));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(f + ":3:1: "), e.getMessage());
    }

    @Test
    void fmtIsCanonicalAndIdempotent() throws Exception {
        String messy = "# c\npath   \"b\"{capabilities=[\"read\",\"sudo\"]\nallowed_parameters = {\"*\"=[]}}"
                + "\n\n\npath \"/a/*\" {policy=\"write\"}";
        String once = PolicyFormatter.format(messy);
        assertEquals("""
                path "b" {
                  capabilities = ["read", "sudo"]
                  allowed_parameters = {
                    "*" = []
                  }
                }

                path "/a/*" {
                  policy = "write"
                }
                """, once);
        assertEquals(once, PolicyFormatter.format(once));
        assertEquals(PolicyParser.parse("x", messy).rules().stream().map(r -> r.pattern() + r.capabilities()).toList(),
                PolicyParser.parse("x", once).rules().stream().map(r -> r.pattern() + r.capabilities()).toList());
        String fromJson = PolicyFormatter.format("{\"path\": {\"a\": {\"capabilities\": [\"list\"]}}}");
        assertEquals("path \"a\" {\n  capabilities = [\"list\"]\n}\n", fromJson);
    }

    @Test
    void checkReportsTheDecidingRule() throws Exception {
        PolicyStore s = new PolicyStore(home, accounts);
        s.write("site", "path \"site/*\" { capabilities = [\"read\"] }\npath \"site/private/*\" { capabilities = [\"deny\"] }");
        s.writeIdentity("user:alice", List.of("site"));
        PolicyCheck.Result r = PolicyCheck.check(home, accounts, Caller.of(1001, 1001), "site/private/x", Operation.READ);
        assertFalse(r.decision().allowed());
        assertEquals("site/private/*", r.decision().rule());
        assertEquals("site", r.decision().policy());
        PolicyCheck.Result files = PolicyCheck.check(List.of(home.resolve("policies/site.hcl")), "site/a", Operation.READ);
        assertTrue(files.decision().allowed());
        assertEquals("site/*", files.decision().rule());
    }
}
