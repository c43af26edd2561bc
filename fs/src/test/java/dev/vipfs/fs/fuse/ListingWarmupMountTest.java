package dev.vipfs.fs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.ipfs.block.BlockSource;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import dev.vipfs.policy.PolicyEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ls -l} of a large encrypted HAMT through a real mount, as another uid: a listing fetches
 * its entries' root blocks at once and remembers their names, so the lookups and getattrs that
 * follow fetch nothing; and the policy still filters every entry (a denied name is neither listed
 * nor reachable), however the listing was warmed.
 */
class ListingWarmupMountTest {
    static final int MALLORY = 61013;
    static final int FILES = 300;

    @TempDir
    static Path tmp;
    static MountFixture fx;
    static String dir;
    static String f1;
    static final AtomicLong gets = new AtomicLong();

    @BeforeAll
    static void mount() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root to mount with allow_other and switch uids");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        fx = new MountFixture(tmp, true);
        SortedMap<String, ImportedNode> entries = new TreeMap<>();
        for (int i = 0; i < FILES; i++) {
            entries.put("f" + i, fx.addEncrypted(new byte[i]));
        }
        entries.put("secret", fx.addEncrypted(new byte[7]));
        f1 = entries.get("f1").cid().toString();
        UnixfsImporter sharding = new UnixfsImporter(fx.store, ImportOptions.kuboDefault().withHamtThreshold(1000));
        dir = sharding.addDirectory(entries).cid().toString();
        Path policies = Files.createDirectories(tmp.resolve("policies"));
        Files.writeString(policies.resolve("tree.hcl"), "path \"" + dir + "\" {\n  capabilities = [\"read\", \"list\"]\n}\n"
                + "path \"" + dir + "/*\" {\n  capabilities = [\"read\", \"list\"]\n}\n"
                + "path \"" + dir + "/secret\" {\n  capabilities = [\"deny\"]\n}\n");
        Files.writeString(tmp.resolve("identities.hcl"), "identity \"uid:" + MALLORY + "\" {\n  policies = [\"tree\"]\n}\n");
        BlockSource counting = new BlockSource() {
            @Override
            public byte[] get(Cid cid) throws IOException {
                gets.incrementAndGet();
                return fx.store.get(cid);
            }
        };
        // No decoded-node cache: a lookup that is not remembered walks the HAMT's blocks again.
        fx.mountWith(new UnixfsReader(counting), PolicyEngine.load(tmp, dev.vipfs.fs.names.CidSpelling.RULES),
                MountOptions.builder().allowOther(true).build());
    }

    @AfterAll
    static void unmount() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void lsMinusLShowsExactlyTheAllowedEntriesWithTheirPlaintextSizes() throws Exception {
        CraftedHamtMountTest.Run r = CraftedHamtMountTest.as(MALLORY, "ls", "-l", fx.mountpoint.resolve(dir).toString());
        assertEquals(0, r.code(), r.out());
        List<String> lines = r.out().lines().filter(l -> l.startsWith("-")).toList();
        assertEquals(FILES, lines.size(), r.out());
        for (String l : lines) {
            String[] f = l.trim().split("\\s+");
            String name = f[f.length - 1];
            assertTrue(name.startsWith("f"), "only allowed names are listed: " + l);
            assertEquals(name.substring(1), f[4], "the plaintext size of " + name);
        }
        CraftedHamtMountTest.Run secret = CraftedHamtMountTest.as(MALLORY, "stat", fx.mountpoint.resolve(dir).resolve("secret").toString());
        assertTrue(secret.code() != 0, "a denied name stays unreachable: " + secret.out());
    }

    @Test
    void getattrsAfterAListingFetchNoBlocks() throws Exception {
        String path = fx.mountpoint.resolve(dir).toString();
        CraftedHamtMountTest.Run ls = CraftedHamtMountTest.as(MALLORY, "ls", path);
        assertEquals(0, ls.code(), ls.out());
        List<String> cmd = new ArrayList<>(List.of("stat", "-c", "%s"));
        ls.out().lines().forEach(n -> cmd.add(path + "/" + n));
        long before = gets.get();
        CraftedHamtMountTest.Run stat = CraftedHamtMountTest.as(MALLORY, cmd.toArray(String[]::new));
        assertEquals(0, stat.code(), stat.out());
        assertEquals(FILES, stat.out().lines().count());
        assertEquals(0, gets.get() - before, "lookups and getattrs after the listing were all cache hits");
    }

    @Test
    void lsMinusLAsksForAclsAndLabelsOncePerMountNotPerEntry() throws Exception {
        String path = fx.mountpoint.resolve(dir).toString();
        CraftedHamtMountTest.Run r = CraftedHamtMountTest.as(MALLORY, "strace", "-qq", "-f", "-c", "-e",
                "trace=getxattr,lgetxattr", "ls", "-l", path);
        assertEquals(0, r.code(), r.out());
        long calls = r.out().lines().map(String::trim).filter(l -> l.endsWith("total")).findFirst()
                .map(l -> Long.parseLong(l.split("\\s+")[3])).orElse(0L);
        assertTrue(calls <= 4, "ls -l stops asking after the first ENOTSUP, not 2 calls x " + FILES + " entries:\n" + r.out());
    }

    @Test
    void foreignAttributeNamespacesAreUnsupportedAndVipfsOnesStillAnswer() throws Exception {
        String file = fx.mountpoint.resolve(dir).resolve("f1").toString();
        String py = "import os, sys\n"
                + "def err(n):\n"
                + "    try:\n"
                + "        os.getxattr(sys.argv[1], n)\n"
                + "        return 'present'\n"
                + "    except OSError as e:\n"
                + "        return str(e.errno)\n"
                + "print(err('security.selinux'), err('system.posix_acl_access'), err('system.posix_acl_default'), err('user.other'),"
                + " os.getxattr(sys.argv[1], 'user.vipfs.cid').decode())\n";
        CraftedHamtMountTest.Run r = CraftedHamtMountTest.as(MALLORY, "/usr/bin/python3", "-c", py, file);
        assertEquals(0, r.code(), r.out());
        // 95 EOPNOTSUPP for namespaces the mount keeps nothing in, 61 ENODATA for a user.* name it could carry.
        assertEquals("95 95 95 61 " + f1, r.out().trim());
        CraftedHamtMountTest.Run secret = CraftedHamtMountTest.as(MALLORY, "/usr/bin/python3", "-c", py,
                fx.mountpoint.resolve(dir).resolve("secret").toString());
        // "Errno 95", not "95": the temporary directory's random name in the traceback may hold those digits.
        assertTrue(secret.code() != 0 && secret.out().contains("[Errno 13] Permission denied")
                        && !secret.out().contains("Errno 95"),
                "a denied name answers no attribute question, not even ENOTSUP: " + secret.out());
    }
}
