package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.exit.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `vipfs policy …` in-process (no mount): the stored-policy verbs, validate and check against files. */
class PolicyCommandTest {
    private static final String SITE = "path \"site/*\" {\n  capabilities = [\"read\", \"list\"]\n}\n";
    private static final String EMPTY_DIR_V0 = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";
    private static final String EMPTY_DIR_V1 = "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354";

    @TempDir
    Path tmp;

    private CliRunner.Result policy(Path home, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--home";
        all[1] = home.toString();
        all[2] = "policy";
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRunner.run(all);
    }

    @Test
    void writeListReadAndDeleteAStoredPolicy() throws Exception {
        Path home = new TestHome(tmp.resolve("home")).dir;
        Path hcl = Files.writeString(tmp.resolve("site.hcl"), SITE);
        CliRunner.Result written = policy(home, "write", "site", hcl.toString());
        assertEquals(0, written.code(), written.err());
        assertEquals("Success! Uploaded policy: site\n", written.out());
        assertTrue(policy(home, "list").out().lines().anyMatch("site"::equals));
        assertEquals(SITE, policy(home, "read", "site").out());

        // The same name in JSON replaces the HCL file rather than standing beside it.
        String json = "{\"path\": {\"site/*\": {\"capabilities\": [\"read\"]}}}\n";
        Path js = Files.writeString(tmp.resolve("site.json"), json);
        assertEquals(0, policy(home, "write", "site", js.toString()).code());
        assertEquals(1, policy(home, "list").out().lines().filter("site"::equals).count());
        assertFalse(Files.exists(home.resolve("policies/site.hcl")));
        assertEquals(json, policy(home, "read", "site").out());

        CliRunner.Result deleted = policy(home, "delete", "site");
        assertEquals(0, deleted.code(), deleted.err());
        assertEquals("Success! Deleted policy: site\n", deleted.out());
        assertFalse(policy(home, "list").out().lines().anyMatch("site"::equals));
        CliRunner.Result missing = policy(home, "read", "site");
        assertEquals(ExitCodes.USAGE, missing.code());
        assertTrue(missing.err().contains("no policy named 'site' (see: vipfs policy list)"), missing.err());
    }

    @Test
    void writeStoresAJsonPolicyWithAByteOrderMarkAsJson() throws Exception {
        Path home = new TestHome(tmp.resolve("home")).dir;
        Path js = Files.writeString(tmp.resolve("site.json"), "\uFEFF{\"path\": {\"site/*\": {\"capabilities\": [\"read\"]}}}\n");
        CliRunner.Result w = policy(home, "write", "site", js.toString());
        assertEquals(0, w.code(), w.err());
        assertTrue(Files.exists(home.resolve("policies").resolve("site.json")), "stored under the wrong syntax's name");
        assertFalse(Files.exists(home.resolve("policies").resolve("site.hcl")));
        assertEquals(0, policy(home, "read", "site").code());
    }

    @Test
    void writeRefusesABadNameAndAnInvalidPolicyWithoutStoringIt() throws Exception {
        Path home = new TestHome(tmp.resolve("home")).dir;
        Path hcl = Files.writeString(tmp.resolve("site.hcl"), SITE);
        CliRunner.Result badName = policy(home, "write", "../up", hcl.toString());
        assertEquals(ExitCodes.USAGE, badName.code());
        assertTrue(badName.err().contains("invalid policy name '../up'"), badName.err());

        Path broken = Files.writeString(tmp.resolve("broken.hcl"), "path \"x\" {\n  capabilities = [\"read\"\n");
        CliRunner.Result invalid = policy(home, "write", "broken", broken.toString());
        assertEquals(ExitCodes.USAGE, invalid.code());
        assertTrue(invalid.err().contains("invalid policy 3:1: unexpected end of input"), invalid.err());
        assertFalse(policy(home, "list").out().lines().anyMatch("broken"::equals));
    }

    @Test
    void validateReportsEveryFileAndFailsIfAnyIsInvalid() throws Exception {
        Path good = Files.writeString(tmp.resolve("good.hcl"), SITE);
        Path bad = Files.writeString(tmp.resolve("bad.hcl"), "path \"x\" {\n  capabilities = read\n}\n");
        CliRunner.Result ok = CliRunner.run("policy", "validate", good.toString());
        assertEquals(0, ok.code(), ok.err());
        assertEquals(good + ": ok (1 rules)\n", ok.out());

        CliRunner.Result both = CliRunner.run("policy", "validate", good.toString(), bad.toString());
        assertEquals(ExitCodes.USAGE, both.code());
        assertTrue(both.out().contains(good + ": ok"), both.out());
        assertTrue(both.err().contains("vipfs: " + bad + ": 2:18: expected a value but found 'read'"), both.err());
    }

    @Test
    void checkAgainstPolicyFilesNamesTheDecidingRule() throws Exception {
        Path site = Files.writeString(tmp.resolve("site.hcl"), SITE);
        CliRunner.Result read = CliRunner.run("policy", "check", "--policy", site.toString(),
                "--path", "/site/index.html", "--op", "read");
        assertEquals(0, read.code(), read.err());
        assertEquals("allow  rule \"site/*\"  policy site  (granted read)\n", read.out());

        CliRunner.Result create = CliRunner.run("policy", "check", "--policy", site.toString(),
                "--path", "site/new.html", "--op", "create");
        assertEquals(0, create.code(), "a deny is an answer, not an error");
        assertEquals("deny  rule \"site/*\"  policy site  (rule does not grant create)\n", create.out());

        CliRunner.Result elsewhere = CliRunner.run("policy", "check", "--policy", site.toString(),
                "--path", "other/x", "--op", "read");
        assertTrue(elsewhere.out().startsWith("deny") && elsewhere.out().contains("default deny"), elsewhere.out());
    }

    @Test
    void checkDecidesOnTheCanonicalSpellingOfTheRootCid() throws Exception {
        Path v0 = Files.writeString(tmp.resolve("v0.hcl"),
                "path \"" + EMPTY_DIR_V0 + "/*\" {\n  capabilities = [\"read\"]\n}\n");
        CliRunner.Result asV1 = CliRunner.run("policy", "check", "--policy", v0.toString(),
                "--path", EMPTY_DIR_V1 + "/a.txt", "--op", "read");
        assertEquals(0, asV1.code(), asV1.err());
        assertTrue(asV1.out().startsWith("allow"), asV1.out());
    }

    @Test
    void checkRefusesBadInputInOneLine() throws Exception {
        Path site = Files.writeString(tmp.resolve("site.hcl"), SITE);
        CliRunner.Result badOp = CliRunner.run("policy", "check", "--policy", site.toString(),
                "--path", "site/x", "--op", "chmod");
        assertEquals(ExitCodes.USAGE, badOp.code());
        assertTrue(badOp.err().contains("unknown --op 'chmod'"), badOp.err());

        CliRunner.Result neither = CliRunner.run("policy", "check", "--path", "site/x", "--op", "read");
        assertEquals(ExitCodes.USAGE, neither.code());
        assertTrue(neither.err().contains("give either --policy FILE… or --config HOME"), neither.err());

        CliRunner.Result noUid = CliRunner.run("policy", "check", "--config", tmp.toString(),
                "--path", "site/x", "--op", "read");
        assertEquals(ExitCodes.USAGE, noUid.code());
        assertTrue(noUid.err().contains("--config needs --uid and --gid"), noUid.err());
        assertFalse((badOp.err() + neither.err() + noUid.err()).contains("\tat "), "no stack trace");
    }
}
