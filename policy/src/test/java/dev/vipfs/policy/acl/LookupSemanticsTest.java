package dev.vipfs.policy.acl;

import static dev.vipfs.policy.acl.VaultAclCompatibilityTest.acl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.policy.Operation;
import org.junit.jupiter.api.Test;

/** The operation mapping of docs/policy.md, in particular LOOKUP reaching granted deep paths. */
class LookupSemanticsTest {
    static final String CID = "bafybeihchr7vmgjaasntayyatmp5sv6xza57iy2h4xj7g46bpjij6yhrmy";

    @Test
    void deepGrantMakesAncestorsLookupable() throws Exception {
        AclEvaluator a = acl("path \"" + CID + "/a/b/*\" { capabilities = [\"read\"] }");
        assertTrue(a.decide("", Operation.LOOKUP).allowed(), "mount root");
        assertTrue(a.decide(CID, Operation.LOOKUP).allowed());
        assertTrue(a.decide(CID + "/a", Operation.LOOKUP).allowed());
        assertTrue(a.decide(CID + "/a/b", Operation.LOOKUP).allowed());
        assertTrue(a.decide(CID + "/a/b/c.txt", Operation.LOOKUP).allowed());
        assertTrue(a.decide(CID + "/a/b/c.txt", Operation.READ).allowed());
        // Walking is not listing or reading.
        assertFalse(a.decide(CID + "/a", Operation.LIST).allowed());
        assertFalse(a.decide(CID + "/a", Operation.READ).allowed());
        // Siblings off the granted route stay invisible.
        assertFalse(a.decide(CID + "/x", Operation.LOOKUP).allowed());
        assertFalse(a.decide(CID + "/a/bb", Operation.LOOKUP).allowed());
        assertFalse(a.decide("other", Operation.LOOKUP).allowed());
    }

    @Test
    void denyCarvesOutSubtree() throws Exception {
        AclEvaluator a = acl("path \"" + CID + "/*\" { capabilities = [\"read\", \"list\"] }\n"
                + "path \"" + CID + "/secret\" { capabilities = [\"deny\"] }\n"
                + "path \"" + CID + "/secret/*\" { capabilities = [\"deny\"] }\n");
        assertTrue(a.decide(CID, Operation.LOOKUP).allowed());
        assertTrue(a.decide(CID + "/docs/a.txt", Operation.READ).allowed());
        assertTrue(a.decide(CID + "/", Operation.LIST).allowed());
        assertFalse(a.decide(CID + "/secret", Operation.LOOKUP).allowed());
        assertFalse(a.decide(CID + "/secret", Operation.LIST).allowed());
        assertFalse(a.decide(CID + "/secret/x", Operation.READ).allowed());
        assertFalse(a.decide(CID + "/secret/x", Operation.LOOKUP).allowed());
        assertTrue(a.decide(CID + "/secrets", Operation.READ).allowed(), "a sibling with a longer name is not carved out");
    }

    @Test
    void denyOnNameHidesItEvenIfChildrenMatchBroaderGlob() throws Exception {
        AclEvaluator a = acl("path \"d/*\" { capabilities = [\"read\"] }\n"
                + "path \"d/private\" { capabilities = [\"deny\"] }\n");
        assertFalse(a.decide("d/private", Operation.LOOKUP).allowed());
        // Vault semantics: the exact deny does not cover children, but they are unreachable by walking.
        assertTrue(a.decide("d/private/x", Operation.READ).allowed());
    }

    @Test
    void deepGrantUnderDeniedSubtreeDoesNotOpenIt() throws Exception {
        AclEvaluator a = acl("path \"d/*\" { capabilities = [\"deny\"] }\n"
                + "path \"d/pub/*\" { capabilities = [\"read\"] }\n");
        assertTrue(a.decide("d", Operation.LOOKUP).allowed());
        assertTrue(a.decide("d/pub", Operation.LOOKUP).allowed(), "d/pub leads to d/pub/*");
        assertEquals("d/pub/*", a.decide("d/pub", Operation.LOOKUP).rule());
        assertFalse(a.decide("d/other", Operation.LOOKUP).allowed());
    }

    @Test
    void lookupNeedsReadOrListNotWrite() throws Exception {
        AclEvaluator a = acl("path \"w/*\" { capabilities = [\"create\", \"update\"] }");
        assertFalse(a.decide("w", Operation.LOOKUP).allowed());
        assertFalse(a.decide("w/x", Operation.LOOKUP).allowed());
        assertTrue(a.decide("w/x", Operation.CREATE).allowed());
    }

    @Test
    void everyOperationMapsToItsCapability() throws Exception {
        for (Capability c : new Capability[] {Capability.CREATE, Capability.READ, Capability.UPDATE,
                Capability.DELETE, Capability.LIST}) {
            AclEvaluator a = acl("path \"x\" { capabilities = [\"" + c.hclName() + "\"] }");
            for (Operation op : new Operation[] {Operation.CREATE, Operation.READ, Operation.UPDATE,
                    Operation.DELETE, Operation.LIST}) {
                assertEquals(op.name().equals(c.name()), a.decide("x", op).allowed(), c + " vs " + op);
            }
        }
    }

    @Test
    void lookupThroughManyRulesUsesTheRightCandidates() throws Exception {
        StringBuilder hcl = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            hcl.append("path \"cid").append(i).append("/a/*\" { capabilities = [\"read\"] }\n");
        }
        hcl.append("path \"+/shared/*\" { capabilities = [\"list\"] }\n");
        hcl.append("path \"pre*\" { capabilities = [\"read\"] }\n");
        AclEvaluator a = acl(hcl.toString());
        assertTrue(a.decide("cid1999", Operation.LOOKUP).allowed());
        assertEquals("cid1999/a/*", a.decide("cid1999", Operation.LOOKUP).rule());
        assertTrue(a.decide("cid7/a", Operation.LOOKUP).allowed());
        assertFalse(a.decide("cid7/b", Operation.LOOKUP).allowed());
        assertTrue(a.decide("anything", Operation.LOOKUP).allowed(), "via +/shared/*");
        assertEquals("+/shared/*", a.decide("anything", Operation.LOOKUP).rule());
        assertFalse(a.decide("anything/else", Operation.LOOKUP).allowed());
        assertTrue(a.decide("prefix-dir/x", Operation.LOOKUP).allowed());
        assertTrue(a.decide("", Operation.LOOKUP).allowed());
    }
}
