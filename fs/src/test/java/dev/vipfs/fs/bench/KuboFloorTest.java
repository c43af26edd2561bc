package dev.vipfs.fs.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vipfs.crypto.keys.Keyring;
import dev.vipfs.fs.sealing.EncryptedImporter;
import dev.vipfs.ipfs.kubo.KuboBlockSource;
import dev.vipfs.ipfs.testkit.KuboDaemon;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/run's design floor on the Kubo path is a figure only if it does the read's work: against a
 * real Kubo, an encrypted file of more leaves than one parent holds (so the payload has interior
 * levels and several file responses) comes back as its plaintext, every segment opened once.
 */
class KuboFloorTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheWholePlaintextFromKuboOpeningEverySegmentOnce() throws Exception {
        int segments = 2 * 174 + 5;
        byte[] plain = new byte[(segments - 1) * 65_536 + 1_234];
        new Random(16).nextBytes(plain);
        Keyring keys = Keyring.open(tmp.resolve("keys"));
        keys.generate("k");
        try (KuboDaemon kubo = KuboDaemon.start();
             KuboBlockSource source = KuboBlockSource.builder().address(kubo.apiAddress()).gateway(kubo.gatewayUrl()).build()) {
            ImportedNode file = new EncryptedImporter(new UnixfsImporter(source, ImportOptions.kuboDefault()))
                    .importStream(new ByteArrayInputStream(plain), keys.defaultRecipients());
            KuboFloor floor = new KuboFloor(source, file.cid(), tmp.resolve("keys"));
            MessageDigest read = MessageDigest.getInstance("SHA-256");
            long[] next = {0};
            KuboFloor.Pass pass = floor.read((index, out, len) -> {
                assertEquals(next[0]++, index, "segments in file order");
                read.update(out, 0, len);
            }, 0);
            assertEquals(segments, pass.segments());
            assertEquals(plain.length, pass.plainBytes());
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(plain), read.digest(), "the plaintext");
        }
    }
}
