package dev.vipfs.policy.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vipfs.policy.hcl.PolicyParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vault's HCL and JSON policy forms, errors with positions, and fuzzed input. */
class PolicyParserTest {
    static final String SAMPLE = """
            # Allow reading the site; comments of every HCL kind are fine.
            path "site/*" {
              capabilities = ["read", "list"]   // trailing comment
            }
            /* block
               comment */
            path "/site/private/*" {
              capabilities = ["deny"]
            }
            path "inbox/+/drop" {
              capabilities = ["create", "update", "sudo", "patch"]
              allowed_parameters = { "*" = [] }
              min_wrapping_ttl = "1s"
            }
            """;

    @Test
    void parsesVaultHcl() throws Exception {
        Policy p = PolicyParser.parse("site", SAMPLE);
        assertEquals("site", p.name());
        assertEquals(3, p.rules().size());
        assertEquals(new PathRule("site/*", EnumSet.of(Capability.READ, Capability.LIST), 2), p.rules().get(0));
        assertEquals("site/private/*", p.rules().get(1).pattern(), "leading slash stripped");
        assertEquals(EnumSet.of(Capability.DENY), p.rules().get(1).capabilities());
        assertEquals(EnumSet.of(Capability.CREATE, Capability.UPDATE), p.rules().get(2).capabilities());
        String warnings = String.join("\n", p.warnings());
        assertTrue(warnings.contains("\"sudo\""), warnings);
        assertTrue(warnings.contains("\"patch\""), warnings);
        assertTrue(warnings.contains("allowed_parameters"), warnings);
    }

    @Test
    void parsesVaultJsonTheSame() throws Exception {
        String json = """
                {
                  "path": {
                    "site/*": { "capabilities": ["read", "list"] },
                    "/site/private/*": { "capabilities": ["deny"] },
                    "inbox/+/drop": { "capabilities": ["create", "update", "sudo", "patch"],
                                      "allowed_parameters": { "*": [] }, "min_wrapping_ttl": "1s" }
                  }
                }
                """;
        Policy h = PolicyParser.parse("site", SAMPLE);
        Policy j = PolicyParser.parse("site", json);
        assertEquals(h.rules().stream().map(r -> r.pattern() + r.capabilities()).toList(),
                j.rules().stream().map(r -> r.pattern() + r.capabilities()).toList());
    }

    @Test
    void aByteOrderMarkBeforeEitherFormIsNotPartOfIt() throws Exception {
        // Editors on some systems start UTF-8 files with U+FEFF; JSON's parser used to refuse it.
        String json = "{\"path\": {\"site/*\": {\"capabilities\": [\"read\", \"list\"]}}}";
        for (String text : List.of("\uFEFF" + json, "\uFEFF" + SAMPLE)) {
            Policy p = PolicyParser.parse("bom", text);
            assertTrue(p.rules().stream().anyMatch(r -> r.pattern().equals("site/*")), text);
        }
    }

    @Test
    void denyWinsWithinAStanzaAndAcrossRepeatedStanzas() throws Exception {
        Policy p = PolicyParser.parse("p", """
                path "a" { capabilities = ["read", "deny"] }
                path "b" { capabilities = ["read"] }
                path "b" { capabilities = ["list"] }
                path "c" { capabilities = ["read"] }
                path "c" { capabilities = ["deny"] }
                """);
        assertEquals(EnumSet.of(Capability.DENY), p.rules().get(0).capabilities());
        assertEquals(EnumSet.of(Capability.READ, Capability.LIST), p.rules().get(1).capabilities());
        assertEquals(EnumSet.of(Capability.DENY), p.rules().get(2).capabilities());
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
            "1 | 35 | 'path \"a\" { capabilities = [\"read\" }'",
            "2 | 19 | 'path \"a\" {\n  capabilities = [\"reed\"]\n}'",
            "1 | 1  | 'paths \"a\" { capabilities = [\"read\"] }'",
            "1 | 22 | 'path \"a\" capabilities'",
            "1 | 6  | 'path \"a { capabilities = [] }'",
            "1 | 27 | 'path \"a\" { capabilities = read }'",
            "1 | 6  | 'path \"a/*/b\" { capabilities = [\"read\"] }'",
            "3 | 3  | 'path \"a\" {\n  capabilities = [\"read\"]\n  color = \"blue\"\n}'",
            "1 | 11 | 'path \"a\" {'",
            "1 | 1  | '}'",
            "1 | 27 | 'path \"a\" { capabilities = <<EOF\nread\nEOF\n}'",
            "1 | 1  | '/* never closed'",
            "1 | 28 | 'path \"a\" { capabilities = [1] }'",
            "1 | 34 | '{\"path\": {\"a\": {\"capabilities\": [\"reed\"]}}}'",
            "1 | 15 | '{\"path\": {\"a\" {\"capabilities\": [\"read\"]}}}'",
    })
    void malformedPolicyGivesLineAndColumn(int line, int column, String text) {
        PolicyParseException e = assertThrows(PolicyParseException.class, () -> PolicyParser.parse("bad", text));
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().startsWith(line + ":" + column + ": "), e.getMessage());
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "path \"a\" { x = " + "[".repeat(100_000) + " }";
        PolicyParseException e = assertThrows(PolicyParseException.class, () -> PolicyParser.parse("deep", deep));
        assertTrue(e.getMessage().contains("nesting"), e.getMessage());
        String deepJson = "{\"path\":" + "[".repeat(100_000);
        assertThrows(PolicyParseException.class, () -> PolicyParser.parse("deep", deepJson));
        String deepBlocks = "a " + "\"l\" ".repeat(100_000) + "{}";
        assertThrows(PolicyParseException.class, () -> PolicyParser.parse("deep", deepBlocks));
    }

    /**
     * Thousands of deterministic mutations of valid policies: every parse must finish quickly and
     * either succeed or throw PolicyParseException with a sane position, never anything else.
     */
    @Test
    void fuzzedInputNeverHangsOrCrashes() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-parse");
            t.setDaemon(true); // a hung parse must not keep the test JVM alive
            return t;
        });
        List<String> seeds = List.of(SAMPLE, VaultAclCompatibilityTest.DEV, VaultAclCompatibilityTest.OPS,
                "{\"path\": {\"a/*\": {\"capabilities\": [\"read\"]}, \"b\": {\"policy\": \"write\"}}}");
        String alphabet = "{}[]\"=:,#/*\\\n \tpath capabilities \"read\" deny + <<EOF \u0000\u00e9\uFEFF-1.5e9 true";
        Random rnd = new Random(0x5eed_1234L);
        for (int i = 0; i < 5000; i++) {
            String seed = seeds.get(rnd.nextInt(seeds.size()));
            StringBuilder sb = new StringBuilder(seed);
            int edits = 1 + rnd.nextInt(8);
            for (int k = 0; k < edits; k++) {
                int at = sb.length() == 0 ? 0 : rnd.nextInt(sb.length());
                switch (rnd.nextInt(4)) {
                    case 0 -> sb.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    case 1 -> {
                        if (sb.length() > 0) {
                            sb.deleteCharAt(at);
                        }
                    }
                    case 2 -> sb.setLength(at); // truncation
                    default -> {
                        int from = rnd.nextInt(Math.max(1, sb.length()));
                        int len = rnd.nextInt(20);
                        String piece = sb.substring(from, Math.min(sb.length(), from + len));
                        sb.insert(at, piece);
                    }
                }
            }
            String input = sb.toString();
            int lines = (int) input.chars().filter(c -> c == '\n').count() + 1;
            Future<?> f = pool.submit(() -> {
                try {
                    PolicyParser.parse("fuzz", input);
                } catch (PolicyParseException e) {
                    if (e.line() < 1 || e.line() > lines || e.column() < 1) {
                        fail("bad position " + e.line() + ":" + e.column() + " for input:\n" + input);
                    }
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError("parser crashed on input:\n" + input, e);
                }
            });
            try {
                f.get(2, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                fail("parse did not finish within 2 s for input:\n" + input);
            } catch (ExecutionException e) {
                throw new AssertionError(e.getCause().getMessage(), e.getCause());
            }
        }
        pool.shutdownNow();
    }
}
