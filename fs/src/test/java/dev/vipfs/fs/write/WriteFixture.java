package dev.vipfs.fs.write;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.crypto.keys.Keyring;
import dev.vipfs.fs.access.AccessGate;
import dev.vipfs.fs.catalog.Catalog;
import dev.vipfs.fs.fuse.VipfsFuse;
import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.fs.mount.Mounts;
import dev.vipfs.fs.testkit.TestMountAssembly;
import dev.vipfs.ipfs.block.EmbeddedBlockstore;
import dev.vipfs.ipfs.unixfs.ImportOptions;
import dev.vipfs.ipfs.unixfs.UnixfsImporter;
import dev.vipfs.ipfs.unixfs.UnixfsReader;
import dev.vipfs.policy.AccessPolicy;
import dev.vipfs.policy.PolicyEngine;
import dev.vipfs.policy.audit.AuditLog;
import dev.vipfs.policy.audit.AuditOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

/** A real mount with the writable namespace over a home directory that survives remounts. */
final class WriteFixture implements AutoCloseable {
    final Path home;
    final EmbeddedBlockstore store;
    final Keyring keyring;
    final WritableNamespace ns;
    final Path mountpoint;
    final Path auditFile;
    private VipfsFuse fs;
    private TestMountAssembly assembly;
    private Thread thread;
    private AuditLog audit;

    WriteFixture(Path home) throws Exception {
        this(home, home.resolve("keys"));
    }

    /** keysDir may differ from the home's, e.g. a public-only keyring for a write-only node. */
    WriteFixture(Path home, Path keysDir) throws Exception {
        this.home = home;
        this.store = new EmbeddedBlockstore(home.resolve("blocks"));
        this.keyring = Keyring.open(keysDir);
        if (keyring.list().isEmpty()) {
            keyring.generate("default");
        }
        UnixfsImporter importer = new UnixfsImporter(store, ImportOptions.kuboDefault());
        this.ns = WritableNamespace.open(home.resolve("catalog"), home.resolve("spool"), importer,
                keyring::defaultRecipients);
        this.mountpoint = Files.createDirectories(home.resolve("mnt"));
        this.auditFile = home.resolve("audit.log");
    }

    WriteFixture mount() throws Exception {
        return mount(PolicyEngine.allowAll());
    }

    WriteFixture mount(AccessPolicy policy) throws Exception {
        audit = AuditLog.open(auditFile, AuditOptions.forLog(auditFile, true));
        assembly = new TestMountAssembly(new UnixfsReader(store), keyring, new AccessGate(policy, audit),
                new Catalog(home.resolve("catalog")), ns);
        fs = new VipfsFuse(assembly.parts(), ns, () -> { });
        boolean root = new UnixSystem().getUid() == 0;
        MountOptions options = MountOptions.builder().allowOther(root).build();
        thread = new Thread(() -> fs.mount(mountpoint, true, false, options.toFuseArgs()), "write-test-mount");
        thread.setDaemon(true);
        thread.start();
        if (!Mounts.await(mountpoint, true, 15_000)) {
            throw new IllegalStateException("mount did not appear at " + mountpoint);
        }
        return this;
    }

    /**
     * tmp/home for a mount other uids reach: both traversable by all, with a policies/ directory
     * holding owner.hcl (everything, for root) beside which a test writes its attackers' policies.
     */
    static Path homeForOtherUsers(Path tmp) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        for (Path p : new Path[] {tmp, home}) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        }
        Path policies = Files.createDirectories(home.resolve("policies"));
        Files.writeString(policies.resolve("owner.hcl"), dev.vipfs.fs.testkit.OtherUser.rule("*", "create", "read", "update", "delete", "list"));
        return home;
    }

    /** The mount's hide_escaping_symlinks setting, switched while mounted. */
    void hideEscapingSymlinks(boolean hide) {
        fs.hideEscapingSymlinks(hide);
    }

    Path data(String rel) {
        return rel.isEmpty() ? mountpoint.resolve("data") : mountpoint.resolve("data").resolve(rel);
    }

    /** Waits for the kernel's asynchronous releases: a file created empty is catalogued at its last release. */
    void awaitIdle() throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (ns.spoolDirectory().count() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    static String xattr(Path p, String name) throws Exception {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
        ByteBuffer buf = ByteBuffer.allocate(512);
        int n = view.read(name, buf);
        return new String(buf.array(), 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        if (fs != null && Mounts.isMounted(mountpoint)) {
            fs.umount();
            Mounts.await(mountpoint, false, 5_000);
            if (Mounts.isMounted(mountpoint)) {
                Mounts.unmount(mountpoint);
            }
        }
        if (thread != null) {
            thread.join(10_000);
        }
        if (assembly != null) {
            assembly.close();
        }
        ns.close();
        if (audit != null) {
            audit.close();
        }
        store.close();
    }
}
