package dev.vipfs.fs.write;

import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.fs.attrs.DirectoryAttributes;
import dev.vipfs.fs.catalog.EntryAttributes;
import dev.vipfs.fs.catalog.NamespaceCatalog;
import dev.vipfs.fs.catalog.NamespacePaths;
import dev.vipfs.fs.content.EncryptedImporter;
import dev.vipfs.ipfs.unixfs.ImportedNode;
import dev.vipfs.ipfs.unixfs.UnixfsImporter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
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
    private record Sealed(List<RecipientKey> to, ImportedNode node) { }

    private final EncryptedImporter encryptor;
    private final Supplier<List<RecipientKey>> recipients;
    /** By plaintext: sealing is randomised, so a rebuild over unchanged attributes reuses the object. */
    private final Map<String, Sealed> sealed = new HashMap<>();

    AttributeObjects(UnixfsImporter importer, Supplier<List<RecipientKey>> recipients) {
        this.encryptor = new EncryptedImporter(importer);
        this.recipients = recipients;
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

    /** The sealed object for attrs (null without recipients), reused while neither they nor the recipients change. */
    ImportedNode seal(DirectoryAttributes attrs) throws IOException {
        byte[] plain = attrs.encode();
        String key = new String(plain, java.nio.charset.StandardCharsets.UTF_8);
        List<RecipientKey> to = List.copyOf(recipients.get());
        if (to.isEmpty()) {
            return null; // no key yet: nothing could read the object, and no file was sealed either
        }
        Sealed s = sealed.get(key);
        if (s != null && s.to().equals(to)) {
            return s.node();
        }
        ImportedNode node = encryptor.importStream(new ByteArrayInputStream(plain), to);
        Arrays.fill(plain, (byte) 0);
        sealed.put(key, new Sealed(to, node));
        return node;
    }

    /** Forgets objects no directory links any more. */
    void retain(Map<String, DirectoryAttributes> live) {
        java.util.Set<String> keep = new java.util.HashSet<>();
        for (DirectoryAttributes a : live.values()) {
            keep.add(new String(a.encode(), java.nio.charset.StandardCharsets.UTF_8));
        }
        sealed.keySet().retainAll(keep);
    }
}
