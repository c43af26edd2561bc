package dev.vipfs.fs.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What this node added, as an append-only JSON-lines journal under $VIPFS_HOME/catalog. */
public final class Catalog {
    /** One recorded addition. */
    public record Entry(Instant time, String name, Cid cid, boolean root) { }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path journal;

    public Catalog(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.journal = dir.resolve("added.jsonl");
    }

    /** The names files of walked trees, beside the journal and owned as it is. */
    public NameFiles nameFiles() {
        return new NameFiles(journal.getParent());
    }

    public synchronized void record(String name, Cid cid, boolean root) throws IOException {
        ObjectNode line = JSON.createObjectNode();
        line.put("time", Instant.now().toString());
        line.put("name", name);
        line.put("cid", cid.toString());
        line.put("root", root);
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = StateFiles.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        }
    }

    public synchronized List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(journal)) {
            return out;
        }
        StateFiles.requireRegularOrAbsent(journal);
        for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(line);
                out.add(new Entry(Instant.parse(n.get("time").asText()), n.get("name").asText(),
                        Cid.parse(n.get("cid").asText()), n.path("root").asBoolean(false)));
            } catch (IOException | RuntimeException e) {
                // A line torn by a crash mid-append is skipped; every complete line before it stands.
            }
        }
        return out;
    }

    /** The journal's length: it only grows, so a change means new entries (0 before the first). */
    public long journalLength() {
        try {
            return Files.size(journal);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The distinct root CIDs, oldest first, as the mount root lists them. */
    public List<Cid> roots() throws IOException {
        Set<Cid> roots = new LinkedHashSet<>();
        for (Entry e : entries()) {
            if (e.root()) {
                roots.add(e.cid());
            }
        }
        return new ArrayList<>(roots);
    }
}
