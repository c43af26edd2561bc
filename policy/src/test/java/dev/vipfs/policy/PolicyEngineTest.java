package dev.vipfs.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.policy.hcl.PolicyParseException;
import dev.vipfs.policy.identity.UnixAccounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identity resolution, default deny and reload against a real home directory. */
class PolicyEngineTest {
    @TempDir
    Path home;

    static final UnixAccounts ACCOUNTS = UnixAccounts.of(Map.of("alice", 1001, "bob", 1002),
            Map.of("www-data", 33, "staff", 50));

    private void write(String rel, String text) throws Exception {
        Path f = home.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    private void standardHome() throws Exception {
        write("policies/site-read.hcl", "path \"site/*\" { capabilities = [\"read\", \"list\"] }\n");
        write("policies/alice.hcl", "path \"home/alice/*\" { capabilities = [\"create\", \"read\", \"update\", \"delete\", \"list\"] }\n");
        write("policies/uid7.json", "{\"path\": {\"seven/*\": {\"capabilities\": [\"read\"]}}}");
        write("policies/gid9.hcl", "path \"nine/*\" { capabilities = [\"read\"] }\n");
        write("policies/staff.hcl", "path \"staff/*\" { capabilities = [\"read\"] }\n");
        write("identities.hcl", """
                identity "group:www-data" { policies = ["site-read"] }
                identity "user:alice" { policies = ["alice"] }
                identity "uid:7" { policies = ["uid7"] }
                identity "gid:9" { policies = ["gid9"] }
                identity "group:staff" { policies = ["staff"] }
                """);
    }

    @Test
    void identitiesResolveByUidGidUserGroupAndSupplementaryGroup() throws Exception {
        standardHome();
        PolicyEngine e = PolicyEngine.load(home, ACCOUNTS);
        assertTrue(e.decide(Caller.of(1001, 1001), "home/alice/x", Operation.READ).allowed(), "user:alice");
        assertFalse(e.decide(Caller.of(1002, 1002), "home/alice/x", Operation.READ).allowed(), "bob is not alice");
        assertTrue(e.decide(Caller.of(7, 100), "seven/x", Operation.READ).allowed(), "uid:7");
        assertTrue(e.decide(Caller.of(500, 9), "nine/x", Operation.READ).allowed(), "gid:9 as primary group");
        assertTrue(e.decide(Caller.of(1002, 1002, 33), "site/index.html", Operation.READ).allowed(),
                "group:www-data as a supplementary group");
        assertFalse(e.decide(Caller.of(1002, 1002), "site/index.html", Operation.READ).allowed());
        Caller both = Caller.of(1001, 1001, 33, 50);
        assertEquals(Set.of("alice", "site-read", "staff"), e.policiesFor(both));
        assertTrue(e.decide(both, "staff/a", Operation.READ).allowed());
        assertTrue(e.decide(both, "site/a", Operation.READ).allowed());
        assertEquals("site-read", e.decide(both, "site/a", Operation.READ).policy());
        assertEquals("site/*", e.decide(both, "site/a", Operation.READ).rule());
    }

    @Test
    void defaultDenyIncludingRoot() throws Exception {
        standardHome();
        PolicyEngine e = PolicyEngine.load(home, ACCOUNTS);
        Decision root = e.decide(Caller.of(0, 0), "site/a", Operation.READ);
        assertFalse(root.allowed());
        assertTrue(root.reason().contains("no policy is bound"), root.reason());
        assertFalse(e.decide(Caller.of(0, 0), "", Operation.LOOKUP).allowed());
        // Root only when configured.
        write("identities.hcl", "identity \"uid:0\" { policies = [\"site-read\"] }\n");
        e.reload();
        assertTrue(e.decide(Caller.of(0, 0), "site/a", Operation.READ).allowed());
    }

    @Test
    void emptyHomeDeniesEverything() throws Exception {
        PolicyEngine e = PolicyEngine.load(home, ACCOUNTS);
        assertFalse(e.decide(Caller.of(1000, 1000), "x", Operation.LOOKUP).allowed());
    }

    @Test
    void reloadSwapsAndKeepsOldSetOnParseError() throws Exception {
        standardHome();
        PolicyEngine e = PolicyEngine.load(home, ACCOUNTS);
        Caller web = Caller.of(1002, 1002, 33);
        assertFalse(e.decide(web, "site/a", Operation.UPDATE).allowed());
        write("policies/site-read.hcl", "path \"site/*\" { capabilities = [\"read\", \"update\"] }\n");
        e.reload();
        assertTrue(e.decide(web, "site/a", Operation.UPDATE).allowed());
        write("policies/site-read.hcl", "path \"site/*\" { capabilities = [\"read\", \"update\" }\n");
        PolicyParseException ex = assertThrows(PolicyParseException.class, e::reload);
        assertEquals(1, ex.line());
        assertTrue(ex.getMessage().contains("site-read.hcl"), ex.getMessage());
        assertTrue(e.decide(web, "site/a", Operation.UPDATE).allowed(), "old set stays in force");
    }

    @Test
    void warningsForUnknownNamesAndPolicies() throws Exception {
        write("policies/a.hcl", "path \"a\" { capabilities = [\"read\", \"sudo\"] }\n");
        write("identities.hcl", "identity \"user:nobody-here\" { policies = [\"a\"] }\n"
                + "identity \"uid:5\" { policies = [\"missing\"] }\n");
        PolicyEngine e = PolicyEngine.load(home, ACCOUNTS);
        String all = String.join("\n", e.warnings());
        assertTrue(all.contains("no such user"), all);
        assertTrue(all.contains("\"missing\""), all);
        assertTrue(all.contains("sudo"), all);
        assertFalse(e.decide(Caller.of(5, 5), "a", Operation.READ).allowed());
    }

    @Test
    void badIdentityFileNamesLineAndColumn() throws Exception {
        write("identities.hcl", "identity \"uid:5\" { policies = [\"a\"] }\nidentity \"person:x\" { policies = [] }\n");
        PolicyParseException ex = assertThrows(PolicyParseException.class, () -> PolicyEngine.load(home, ACCOUNTS));
        assertEquals(2, ex.line());
        assertEquals(10, ex.column());
    }

    @Test
    void duplicatePolicyNameIsAnError() throws Exception {
        write("policies/a.hcl", "path \"a\" { capabilities = [\"read\"] }\n");
        write("policies/a.json", "{\"path\": {\"a\": {\"capabilities\": [\"read\"]}}}");
        PolicyException ex = assertThrows(PolicyException.class, () -> PolicyEngine.load(home, ACCOUNTS));
        assertTrue(ex.getMessage().contains("defined twice"), ex.getMessage());
    }

    @Test
    void allowAllAllows() {
        assertTrue(PolicyEngine.allowAll().decide(Caller.of(1, 1), "x", Operation.DELETE).allowed());
    }

    @Test
    void identitiesJsonForm() throws Exception {
        write("policies/p.hcl", "path \"p/*\" { capabilities = [\"read\"] }\n");
        write("identities.json", "{\"identity\": {\"group:staff\": {\"policies\": [\"p\"]}}}");
        PolicyEngine e = PolicyEngine.load(home, ACCOUNTS);
        assertTrue(e.decide(Caller.of(3000, 3000, 50), "p/x", Operation.READ).allowed());
    }

    @Test
    void callerFromThisProcessReadsProc() {
        long pid = ProcessHandle.current().pid();
        Caller c = Caller.fromProcess(0, 0, pid);
        assertEquals("java", c.processName());
        Caller gone = Caller.fromProcess(1, 1, Long.MAX_VALUE);
        assertEquals(0, gone.groups().length);
        assertEquals(null, gone.processName());
    }

    @Test
    void callerGroupsFromFakeProc(@TempDir Path proc) throws Exception {
        Path dir = Files.createDirectories(proc.resolve("42"));
        Files.writeString(dir.resolve("status"), "Name:\tcat\nUid:\t5\t5\t5\t5\nGid:\t5\t5\t5\t5\nGroups:\t4 24 27 \n");
        Files.writeString(dir.resolve("comm"), "cat\n");
        Caller c = Caller.fromProcess(5, 5, 42, proc);
        assertTrue(c.groupsKnown());
        assertTrue(c.inGroup(24));
        assertTrue(c.inGroup(5));
        assertFalse(c.inGroup(25));
        assertEquals("cat", c.processName());
    }

    @Test
    void groupsThatCannotBeEstablishedAreUnknownNotEmpty(@TempDir Path proc) throws Exception {
        assertFalse(Caller.fromProcess(5, 5, 42, proc).groupsKnown(), "no such pid (gone, or another PID namespace)");
        assertFalse(Caller.fromProcess(5, 5, 0, proc).groupsKnown(), "pid 0: the caller is outside the mount's PID namespace");
        Path dir = Files.createDirectories(proc.resolve("43"));
        Files.writeString(dir.resolve("status"), "Uid:\t7\t7\t7\t7\nGid:\t5\t5\t5\t5\nGroups:\t\n");
        assertFalse(Caller.fromProcess(5, 5, 43, proc).groupsKnown(), "the pid now belongs to another uid (reused)");
    }

    @Test
    void unknownGroupsAreRefusedWhenAnyPolicyIsBoundToAGroup() throws Exception {
        write("policies/p.hcl", "path \"p/*\" { capabilities = [\"read\"] }\n");
        write("policies/d.hcl", "path \"p/secret\" { capabilities = [\"deny\"] }\n");
        write("identities.hcl", "identity \"uid:3000\" { policies = [\"p\"] }\n");
        Caller unknown = new Caller(3000, 3000, new int[0], 99, null, false);
        PolicyEngine uidOnly = PolicyEngine.load(home, ACCOUNTS);
        assertTrue(uidOnly.decide(unknown, "p/secret", Operation.READ).allowed(), "no group binding: groups cannot matter");
        write("identities.hcl", "identity \"uid:3000\" { policies = [\"p\"] }\nidentity \"gid:50\" { policies = [\"d\"] }\n");
        PolicyEngine grouped = PolicyEngine.load(home, ACCOUNTS);
        Decision d = grouped.decide(unknown, "p/secret", Operation.READ);
        assertFalse(d.allowed(), "a deny bound to a group the caller may be in must not silently vanish");
        assertTrue(d.reason().contains("could not be read"), d.reason());
        assertFalse(grouped.decide(unknown, "p/other", Operation.READ).allowed());
        assertTrue(grouped.decide(Caller.of(3000, 3000), "p/other", Operation.READ).allowed());
    }

    @Test
    void rulesNamingARootInAnySpellingAreRewrittenToTheCanonicalOne() throws Exception {
        write("policies/p.hcl", "path \"SPELLING-B/x\" { capabilities = [\"read\"] }\npath \"+/y\" { capabilities = [\"read\"] }\n");
        write("identities.hcl", "identity \"uid:1\" { policies = [\"p\"] }\n");
        RootCanonicalizer lower = s -> s.startsWith("SPELLING-") ? "canonical" : s;
        PolicyEngine e = PolicyEngine.load(home, ACCOUNTS, lower);
        assertTrue(e.decide(Caller.of(1, 1), "canonical/x", Operation.READ).allowed());
        assertFalse(e.decide(Caller.of(1, 1), "SPELLING-B/x", Operation.READ).allowed());
        assertEquals(java.util.Set.of("canonical"), e.literalRoots());
        long before = e.generation();
        e.reload();
        assertEquals(before + 1, e.generation());
    }

    @Test
    void concurrentDecisionsDuringReloadSeeOneWholeConfiguration() throws Exception {
        // Decisions racing with reloads must each come whole from one version, never fail or mix.
        String a = "path \"a/*\" { capabilities = [\"read\"] }\npath \"b/*\" { capabilities = [\"read\"] }\n";
        String b = "path \"c/*\" { capabilities = [\"read\"] }\n";
        write("policies/p.hcl", a);
        write("identities.hcl", "identity \"uid:1\" { policies = [\"p\"] }\n");
        PolicyEngine e = PolicyEngine.load(home, ACCOUNTS);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<String> problem = new java.util.concurrent.atomic.AtomicReference<>();
        List<Thread> readers = new java.util.ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread th = new Thread(() -> {
                Caller c = Caller.of(1, 1);
                while (!stop.get()) {
                    try {
                        Decision d = e.decide(c, "a/x", Operation.READ);
                        if (d.allowed() != "a/*".equals(d.rule())) {
                            problem.set("inconsistent decision " + d);
                        }
                    } catch (RuntimeException ex) {
                        problem.set("decide threw " + ex);
                    }
                }
            });
            th.start();
            readers.add(th);
        }
        for (int i = 0; i < 40; i++) {
            write("policies/p.hcl", i % 2 == 0 ? b : a);
            e.reload();
        }
        stop.set(true);
        for (Thread th : readers) {
            th.join();
        }
        assertEquals(null, problem.get());
    }

    @Test
    void unreadableOrOddFilesGiveCheckedErrors() throws Exception {
        Files.createDirectories(home.resolve("policies/dir.hcl"));
        PolicyException e1 = assertThrows(PolicyException.class, () -> PolicyEngine.load(home, ACCOUNTS));
        assertTrue(e1.getMessage().contains("dir.hcl"), e1.getMessage());
        Files.delete(home.resolve("policies/dir.hcl"));
        Files.write(home.resolve("policies/latin1.hcl"), new byte[] {'#', (byte) 0xE9, '\n'});
        PolicyException e2 = assertThrows(PolicyException.class, () -> PolicyEngine.load(home, ACCOUNTS));
        assertTrue(e2.getMessage().contains("UTF-8"), e2.getMessage());
        Files.delete(home.resolve("policies/latin1.hcl"));
        Files.createDirectories(home.resolve("identities.hcl"));
        assertThrows(PolicyException.class, () -> PolicyEngine.load(home, ACCOUNTS));
        Files.delete(home.resolve("identities.hcl"));
        Files.delete(home.resolve("policies"));
        Files.writeString(home.resolve("policies"), "x");
        assertThrows(PolicyException.class, () -> PolicyEngine.load(home, ACCOUNTS));
    }
}
