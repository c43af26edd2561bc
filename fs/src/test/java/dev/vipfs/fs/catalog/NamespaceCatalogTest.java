package dev.vipfs.fs.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.cid.Cid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journal replay, torn lines, snapshots and tree rules of the namespace catalogue. */
class NamespaceCatalogTest {
    static final Cid A = Cid.parse("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
    static final Cid B = Cid.parse("QmWvY6FaqFMS89YAQ9NAPjVP4WZKA1qbHbicc9HeSKQTgt");

    @TempDir
    Path dir;

    private static List<String> names(List<NamespaceCatalog.Item> items) {
        return items.stream().map(NamespaceCatalog.Item::path).toList();
    }

    @Test
    void replaysJournalAfterReopen() throws Exception {
        try (NamespaceCatalog c = NamespaceCatalog.open(dir, 1000)) {
            c.mkdir("docs");
            c.put("docs/a.txt", A, 20, 12, List.of("k1:1"));
            c.put("docs/a.txt", B, 30, 14, List.of("k1:1"));
            c.mkdir("docs/sub");
        }
        // close() snapshots; reopen twice to cover both the snapshot path and a journal-only path.
        try (NamespaceCatalog c = NamespaceCatalog.open(dir, 1000)) {
            assertEquals(List.of("docs/a.txt", "docs/sub"), names(c.list("docs")));
            NamespaceCatalog.Item a = c.get("docs/a.txt").orElseThrow();
            assertEquals(2, a.versions().size());
            assertEquals(B, a.current().orElseThrow().cid());
            assertEquals(A, a.versions().get(0).cid());
            assertEquals(1, a.versions().get(0).number());
        }
    }

    @Test
    void tornLastLineIsIgnoredAndCutAway() throws Exception {
        NamespaceCatalog c = NamespaceCatalog.open(dir, 1000);
        c.mkdir("x");
        c.put("x/f", A, 1, 1, List.of());
        c.abandon();
        // Simulate a crash: no close (no snapshot), then half a line appended.
        Files.writeString(dir.resolve(NamespaceCatalog.JOURNAL), "{\"seq\":3,\"op\":\"put\",\"pa",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (NamespaceCatalog d = NamespaceCatalog.open(dir, 1000)) {
            assertEquals(List.of("x/f"), names(d.list("x")));
            d.put("x/g", B, 1, 1, List.of());
        }
        try (NamespaceCatalog d = NamespaceCatalog.open(dir, 1000)) {
            assertEquals(List.of("x/f", "x/g"), names(d.list("x")));
        }
    }

    @Test
    void damagedMiddleLineIsReportedNotGuessed() throws Exception {
        NamespaceCatalog c = NamespaceCatalog.open(dir, 1000);
        c.mkdir("x");
        c.abandon();
        Path j = dir.resolve(NamespaceCatalog.JOURNAL);
        Files.writeString(j, "garbage\n" + Files.readString(j));
        CatalogCorruptException e = assertThrows(CatalogCorruptException.class, () -> NamespaceCatalog.open(dir, 1000));
        assertTrue(e.getMessage().contains("restore"), e.getMessage());
    }

    @Test
    void snapshotThenJournalReplaySkipsSnapshottedOps() throws Exception {
        NamespaceCatalog c = NamespaceCatalog.open(dir, 2);
        c.mkdir("a");
        c.mkdir("b"); // snapshot here, journal emptied
        c.mkdir("c");
        c.abandon();
        // Crash before the journal truncation of a later snapshot: old lines stay, seq filter skips them.
        Files.writeString(dir.resolve(NamespaceCatalog.JOURNAL),
                "{\"seq\":1,\"op\":\"mkdir\",\"time\":\"2026-01-01T00:00:00Z\",\"path\":\"a\"}\n"
                        + Files.readString(dir.resolve(NamespaceCatalog.JOURNAL)));
        try (NamespaceCatalog d = NamespaceCatalog.open(dir, 1000)) {
            assertEquals(List.of("a", "b", "c"), names(d.list("")));
        }
    }

    @Test
    void renameMovesTreesAndContinuesTargetHistory() throws Exception {
        try (NamespaceCatalog c = NamespaceCatalog.open(dir, 1000)) {
            c.mkdir("d");
            c.mkdir("d/e");
            c.put("d/e/f", A, 1, 1, List.of());
            c.rename("d", "moved");
            assertEquals(List.of("moved/e/f"), names(c.list("moved/e")));
            assertTrue(c.get("d").isEmpty());
            c.put("t", A, 1, 1, List.of());
            c.put("tmp", B, 1, 2, List.of());
            c.rename("tmp", "t");
            NamespaceCatalog.Item t = c.get("t").orElseThrow();
            assertEquals(2, t.versions().size());
            assertEquals(B, t.current().orElseThrow().cid());
            assertEquals(NamespaceException.Kind.INVALID_MOVE,
                    assertThrows(NamespaceException.class, () -> c.rename("moved", "moved/e/x")).kind());
            assertEquals(NamespaceException.Kind.NOT_EMPTY,
                    assertThrows(NamespaceException.class, () -> c.remove("moved")).kind());
            assertEquals(NamespaceException.Kind.NOT_FOUND,
                    assertThrows(NamespaceException.class, () -> c.put("nodir/f", A, 1, 1, List.of())).kind());
            assertEquals(NamespaceException.Kind.INVALID_NAME,
                    assertThrows(NamespaceException.class, () -> c.mkdir("a/../b")).kind());
        }
    }

    @Test
    void documentedTestVectorReplays() throws Exception {
        String doc = Files.readString(docs().resolve("catalog.md"));
        int start = doc.indexOf("```\n", doc.indexOf("## Test vector")) + 4;
        String journal = doc.substring(start, doc.indexOf("\n```", start));
        Files.writeString(dir.resolve(NamespaceCatalog.JOURNAL), journal);
        try (NamespaceCatalog c = NamespaceCatalog.open(dir, 1000)) {
            assertEquals(List.of("papers"), names(c.list("")));
            NamespaceCatalog.Item a = c.get("papers/a.txt").orElseThrow();
            assertEquals(List.of(1, 2), a.versions().stream().map(NamespaceCatalog.Version::number).toList());
            assertEquals(A, a.versions().get(0).cid());
            assertEquals(12, a.versions().get(0).size());
            assertEquals(B, a.current().orElseThrow().cid());
            assertEquals(List.of("k1:1"), a.current().orElseThrow().keys());
        }
        assertTrue(Files.readString(dir.resolve(NamespaceCatalog.JOURNAL)).endsWith("\"to\":\"papers\"}\n"));
    }

    private static Path docs() {
        Path fromModule = Path.of("").toAbsolutePath().resolve("../docs").normalize();
        return Files.isDirectory(fromModule) ? fromModule : Path.of("docs");
    }

    /** Modes, times, links and nodes (issue #18) come back the same from the journal and from a snapshot. */
    @Test
    void attributesLinksAndNodesReplayAndSnapshot() throws Exception {
        java.time.Instant t = java.time.Instant.parse("2020-01-02T03:04:05.123456789Z");
        NamespaceCatalog c = NamespaceCatalog.open(dir, 1000);
        c.mkdir("d", 0750);
        c.put("d/f", A, 10, 5, List.of("k:1"), 0600, t, null, null);
        c.symlink("d/l", "../f");
        c.mknod("d/p", "fifo", 0640, 0);
        c.rename("d/f", "d/g");
        c.put("d/g", B, 10, 6, List.of("k:1"));
        c.attributes("d", -1, t, t.plusSeconds(1)); // after the entries changed, as tar and rsync do
        c.abandon();
        for (int pass = 0; pass < 2; pass++) {
            try (NamespaceCatalog d = NamespaceCatalog.open(dir, 1000)) {
                NamespaceCatalog.Item dir = d.get("d").orElseThrow();
                assertEquals(0750, dir.attrs().mode());
                assertEquals(t, dir.mtime(), pass == 0 ? "journal" : "snapshot");
                assertEquals(t.plusSeconds(1), dir.atime());
                NamespaceCatalog.Item g = d.get("d/g").orElseThrow();
                assertEquals(0600, g.attrs().mode(), "a new version and a rename keep the mode");
                assertEquals(2, g.versions().size());
                assertEquals("../f", d.get("d/l").orElseThrow().attrs().target());
                assertEquals("fifo", d.get("d/p").orElseThrow().attrs().special());
                assertEquals(0640, d.get("d/p").orElseThrow().attrs().mode());
            }
        }
        try (NamespaceCatalog d = NamespaceCatalog.open(dir, 1000)) {
            assertThrows(NamespaceException.class, () -> d.symlink("d/l", "x"), "EEXIST");
            assertThrows(NamespaceException.class, () -> d.symlink("d/m", ""), "an empty target");
            assertThrows(NamespaceException.class, () -> d.mknod("d/q", "door", 0644, 0), "an unknown kind");
        }
    }
}
