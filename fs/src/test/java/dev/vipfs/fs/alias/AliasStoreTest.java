package dev.vipfs.fs.alias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AliasStoreTest {
    static final String V0 = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";
    static final String V1 = "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354";
    static final String OTHER = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";

    @TempDir
    Path dir;

    /** One process of {@link #twoProcessesChangingAliasesAtOnceLoseNothing}: args dir, prefix, count. */
    public static void main(String[] args) throws Exception {
        AliasStore s = new AliasStore(Path.of(args[0]));
        for (int i = 0; i < Integer.parseInt(args[2]); i++) {
            s.set(Alias.of(args[1] + i, i % 2 == 0 ? V1 : OTHER));
        }
    }

    /** `vipfs alias set` run twice at once: each read-modify-write must see the other's result. */
    @Test
    void twoProcessesChangingAliasesAtOnceLoseNothing() throws Exception {
        List<Process> writers = new ArrayList<>();
        for (String prefix : List.of("a", "b")) {
            writers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), AliasStoreTest.class.getName(),
                    dir.toString(), prefix, "40").redirectErrorStream(true).start());
        }
        for (Process p : writers) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
            assertEquals(0, p.exitValue(), out);
        }
        assertEquals(80, new AliasStore(dir).all().size());
    }

    @Test
    void setListRemoveAndSpellingsAreCanonical() throws Exception {
        AliasStore s = new AliasStore(dir);
        s.set(Alias.of("site", V0));
        s.set(Alias.of("blog", "/ipns/k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8"));
        assertEquals(V1, s.get("site").orElseThrow().target());
        assertEquals("k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8",
                s.get("blog").orElseThrow().ipnsName().orElseThrow());
        assertTrue(s.remove("blog"));
        assertFalse(s.remove("blog"));
        assertEquals(1, s.all().size());
    }

    @Test
    void aReaderSeesAnotherWritersChange() throws Exception {
        AliasStore reader = new AliasStore(dir);
        AliasStore writer = new AliasStore(dir);
        writer.set(Alias.of("site", V1));
        assertEquals(V1, reader.get("site").orElseThrow().target());
        for (int i = 0; i < 20; i++) {
            String t = i % 2 == 0 ? OTHER : V1;
            writer.set(Alias.of("site", t));
            assertEquals(t, reader.get("site").orElseThrow().target(), "round " + i);
        }
        assertFalse(Files.exists(dir.resolve(AliasStore.FILE + ".tmp")));
    }

    @Test
    void somethingPlantedAtTheLockIsRefusedNotOpened() throws Exception {
        Path target = Files.writeString(dir.resolve("elsewhere"), "not a lock\n");
        Files.createSymbolicLink(dir.resolve("aliases.lock"), target);
        IOException link = assertThrows(IOException.class, () -> new AliasStore(dir).set(Alias.of("site", V1)));
        assertTrue(link.getMessage().contains("remove it"), link.getMessage());
        Files.delete(dir.resolve("aliases.lock"));
        new ProcessBuilder("mkfifo", dir.resolve("aliases.lock").toString()).start().waitFor();
        IOException fifo = assertThrows(IOException.class, () -> new AliasStore(dir).set(Alias.of("site", V1)));
        assertTrue(fifo.getMessage().contains("not a plain file"), fifo.getMessage());
        assertEquals("not a lock\n", Files.readString(target));
        assertFalse(Files.exists(dir.resolve(AliasStore.FILE)));
    }

    @Test
    void badNamesTargetsAndFilesAreRefusedWithAReason() throws Exception {
        assertThrows(Alias.InvalidAliasException.class, () -> Alias.of("../x", V1));
        assertThrows(Alias.InvalidAliasException.class, () -> Alias.of("a*", V1));
        assertThrows(Alias.InvalidAliasException.class, () -> Alias.of(".hidden", V1));
        assertThrows(Alias.InvalidAliasException.class, () -> Alias.of("site", "BAFYBEICZSSCDSBS7FFQZ55ASQDF3SMV6KLCW3GOFSZVWLYARCI47BGF354"));
        assertThrows(Alias.InvalidAliasException.class, () -> Alias.of("site", "/ipns/Not_A_Name"));
        Files.writeString(dir.resolve(AliasStore.FILE), "{not json");
        IOException e = assertThrows(IOException.class, () -> new AliasStore(dir).all());
        assertTrue(e.getMessage().contains("fix or remove it"), e.getMessage());
    }
}
