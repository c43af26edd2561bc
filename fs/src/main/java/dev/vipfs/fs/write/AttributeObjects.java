package dev.vipfs.fs.write;

import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.fs.attrs.DirectoryAttributes;
import dev.vipfs.fs.catalog.EntryAttributes;
import dev.vipfs.fs.catalog.NamespaceCatalog;
import dev.vipfs.fs.catalog.NamespacePaths;
import dev.vipfs.fs.sealing.EncryptedImporter;
import dev.vipfs.ipfs.unixfs.ImportedNode;
import dev.vipfs.ipfs.unixfs.UnixfsImporter;
import dev.vipfs.fs.attrs.AttributeObjectNames;
import dev.vipfs.ipfs.block.BlockStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Seals each namespace directory's entry modes and times into the encrypted attributes object its
 * UnixFS directory links (docs/format.md, "Attributes objects"). A directory gets one only when an
 * entry {@link #deviates}, so trees nobody chmod-ed or touched keep the CIDs they had before
 * attributes objects existed.
 */
final class AttributeObjects {
    private final EncryptedImporter encryptor;
    private final BlockStore store;
    private final Supplier<List<RecipientKey>> recipients;
    /** Sealing is randomised: a rebuild over unchanged attributes reuses the object recorded here. */
    private final AttributeObjectNames names;

    AttributeObjects(UnixfsImporter importer, Supplier<List<RecipientKey>> recipients, AttributeObjectNames names) {
        this.encryptor = new EncryptedImporter(importer);
        this.store = importer.store();
        this.recipients = recipients;
        this.names = names;
    }

    /** The attributes of each directory ("" = root) that needs an object, by directory path. */
    static Map<String, DirectoryAttributes> collect(List<NamespaceCatalog.Item> items) {
        Map<String, TreeMap<String, DirectoryAttributes.Entry>> byDir = new HashMap<>();
        Map<String, Boolean> set = new HashMap<>();
        for (NamespaceCatalog.Item item : items) {
            if (item.attrs().special() != null) {
                continue; // no UnixFS form, not in the shared tree
            }
            String dir = NamespacePaths.parent(item.path());
            byDir.computeIfAbsent(dir, d -> new TreeMap<>()).put(NamespacePaths.name(item.path()),
                    new DirectoryAttributes.Entry(item.attrs().modeOr(item.directory()), item.mtime(), item.attrs().atime()));
            if (deviates(item)) {
                set.put(dir, true);
            }
        }
        Map<String, DirectoryAttributes> out = new HashMap<>();
        for (String dir : set.keySet()) {
            out.put(dir, new DirectoryAttributes(byDir.get(dir)));
        }
        return out;
    }

    /**
     * Whether an entry's attributes say more than a reader assumes without the object: a mode other
     * than what create/mkdir give under umask 022, an atime someone set, or an mtime set apart from
     * the last write (utimensat, tar -x; a rename keeps the old mtime and changes the ctime too).
     */
    static boolean deviates(NamespaceCatalog.Item item) {
        if (item.symlink()) {
            return item.attrs().atime() != null;
        }
        EntryAttributes a = item.attrs();
        return a.modeOr(item.directory()) != EntryAttributes.NONE.modeOr(item.directory()) || a.atime() != null
                || (a.ctime() != null && !a.ctime().equals(item.mtime()));
    }

    /**
     * The sealed object for dir's attrs: the one sealed before for the same directory, plaintext and
     * recipients while its blocks are still here, else a new one, recorded before its CID can be
     * handed out; null without recipients and nothing recorded.
     */
    ImportedNode seal(String dir, DirectoryAttributes attrs) throws IOException {
        List<RecipientKey> to = List.copyOf(recipients.get());
        byte[] plain = attrs.encode();
        String key = digest(dir, plain, List.of());
        String sealedTo = digest("", new byte[0], to);
        Optional<AttributeObjectNames.Sealed> before = names.sealedFor(key);
        // No recipients: a process that only reads the namespace (the CLI) reuses what the mount sealed.
        if (before.isPresent() && (to.isEmpty() || before.get().to().equals(sealedTo)) && store.has(before.get().cid())) {
            AttributeObjectNames.Sealed s = before.get();
            return new ImportedNode(s.cid(), s.dagSize(), s.size());
        }
        if (to.isEmpty()) {
            return null; // no key: nothing could read the object, and no file was sealed either
        }
        ImportedNode node = encryptor.importStream(new ByteArrayInputStream(plain), to);
        Arrays.fill(plain, (byte) 0);
        names.linked(key, new AttributeObjectNames.Sealed(node.cid(), node.dagSize(), node.contentSize(), dir, sealedTo));
        return node;
    }

    /** A digest of what the object depends on; the plaintext itself is not kept anywhere. */
    private static String digest(String dir, byte[] plain, List<RecipientKey> to) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(dir.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(plain);
            for (RecipientKey r : to) {
                d.update((byte) 0);
                d.update((r.keyId() + ":" + r.version() + ":").getBytes(StandardCharsets.UTF_8));
                d.update(r.x25519PublicKey());
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
