package dev.vipfs.fs.fuse;

import dev.vipfs.crypto.keys.Keyring;
import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.fs.access.AccessGate;
import dev.vipfs.fs.catalog.Catalog;
import dev.vipfs.fs.sealing.EncryptedImporter;
import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.fs.mount.Mounts;
import dev.vipfs.fs.names.CidSpelling;
import dev.vipfs.fs.testkit.OtherUser;
import dev.vipfs.fs.testkit.TestMountAssembly;
import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.block.EmbeddedBlockstore;
import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import dev.vipfs.policy.AccessPolicy;
import dev.vipfs.policy.PolicyEngine;
import dev.vipfs.policy.audit.AuditLog;
import dev.vipfs.policy.audit.AuditOptions;
import dev.vipfs.policy.audit.SyncPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real FUSE mount over a temporary embedded store and keyring, for tests. */
final class MountFixture implements AutoCloseable {
    final Path dir;
    final BlockStore store;
    final Keyring keyring;
    final UnixfsImporter importer;
    final Catalog catalog;
    final Path mountpoint;
    final Path auditFile;
    private VipfsFuse fs;
    /** The mounted parts, set by mount (for tests that serve MOUNT/by-name and MOUNT/ipns over its resolver). */
    TestMountAssembly assembly;
    private Thread thread;
    private AuditLog audit;
    /** Run on the file system before it mounts (to serve MOUNT/by-name, MOUNT/ipns…). */
    java.util.function.Consumer<VipfsFuse> beforeMount = fs -> { };

    MountFixture(Path dir) throws Exception {
        this(dir, false, dir.resolve("audit.log"));
    }

    MountFixture(Path dir, Path auditFile) throws Exception {
        this(dir, false, auditFile);
    }

    MountFixture(Path dir, boolean memoryStore) throws Exception {
        this(dir, memoryStore, dir.resolve("audit.log"));
    }

    /** In memory for tests whose subject is not the disk store: one fsync'd file per block costs ms each. */
    private MountFixture(Path dir, boolean memoryStore, Path auditFile) throws Exception {
        this.dir = dir;
        this.store = memoryStore ? new MemoryBlockstore() : new EmbeddedBlockstore(dir.resolve("blocks"));
        this.keyring = Keyring.open(dir.resolve("keys"));
        keyring.generate("default");
        this.importer = new UnixfsImporter(store, ImportOptions.kuboDefault());
        this.catalog = new Catalog(dir.resolve("catalog"));
        this.mountpoint = Files.createDirectories(dir.resolve("mnt"));
        this.auditFile = auditFile;
    }

    List<RecipientKey> recipients() {
        return keyring.defaultRecipients();
    }

    ImportedNode addEncrypted(byte[] data) throws IOException {
        return new EncryptedImporter(importer).importStream(new ByteArrayInputStream(data), recipients());
    }

    void mount(AccessPolicy policy, MountOptions options) throws Exception {
        mountWith(new UnixfsReader(store), policy, options);
    }

    /**
     * Mounts with allow_other for an attack by one uid on another's content: {@code owner} may read
     * and list everything, {@code attacker} holds {@code attackerRules} (HCL), both written under
     * {@link #dir} as the policy engine reads them.
     */
    void mountForOwnerAndAttacker(int owner, int attacker, String attackerRules) throws Exception {
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("owner.hcl"), OtherUser.rule("*", "read", "list"));
        Files.writeString(policies.resolve("attacker.hcl"), attackerRules);
        Files.writeString(dir.resolve("identities.hcl"),
                OtherUser.identity(owner, "owner") + OtherUser.identity(attacker, "attacker"));
        mount(PolicyEngine.load(dir, CidSpelling.RULES), MountOptions.builder().allowOther(true).build());
    }

    void mountWith(UnixfsReader reader, AccessPolicy policy, MountOptions options) throws Exception {
        AuditOptions o = AuditOptions.forLog(auditFile, true);
        audit = AuditLog.open(auditFile, new AuditOptions(o.logRaw(), o.hmacSalt(), SyncPolicy.OS_BUFFERED));
        AccessGate gate = new AccessGate(policy, audit);
        assembly = new TestMountAssembly(reader, keyring, gate, catalog, null);
        fs = new VipfsFuse(assembly.parts(), null, () -> { });
        beforeMount.accept(fs);
        thread = new Thread(() -> fs.mount(mountpoint, true, false, options.toFuseArgs()), "test-mount");
        thread.setDaemon(true);
        thread.start();
        if (!Mounts.await(mountpoint, true, 15_000)) {
            throw new IllegalStateException("mount did not appear at " + mountpoint);
        }
    }

    Path path(Cid cid, String... links) {
        Path p = mountpoint.resolve(cid.toString());
        for (String l : links) {
            p = p.resolve(l);
        }
        return p;
    }

    @Override
    public void close() throws Exception {
        unmount();
        store.close();
    }

    /** Unmounts and stops what the mount started; the store stays open for another {@link #mount}. */
    void unmount() throws Exception {
        if (fs != null && Mounts.isMounted(mountpoint)) {
            fs.umount();
            Mounts.await(mountpoint, false, 5_000);
            if (Mounts.isMounted(mountpoint)) {
                Mounts.unmount(mountpoint);
            }
        }
        if (thread != null) {
            thread.join(10_000);
            thread = null;
        }
        if (assembly != null) {
            assembly.close();
            assembly = null;
        }
        if (audit != null) {
            audit.close();
            audit = null;
        }
    }
}
