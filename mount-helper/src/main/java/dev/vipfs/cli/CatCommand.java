package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.fs.content.ContentOpener;
import dev.vipfs.fs.content.ContentReader;
import dev.vipfs.fs.content.DecryptionException;
import dev.vipfs.fs.content.ObjectInfo;
import dev.vipfs.fs.content.ObjectInspector;
import dev.vipfs.node.Node;
import dev.vipfs.node.VipfsHome;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `vipfs cat`: decrypts an object to stdout without FUSE. */
@Command(name = "cat", mixinStandardHelpOptions = true,
        description = {"Write the decrypted content of CID[/path] to stdout.",
                "Plaintext UnixFS files are written as they are.",
                "Example: vipfs cat bafy…/docs/readme.txt"})
final class CatCommand implements Callable<Integer> {
    @picocli.CommandLine.Option(names = "--plain", description = "write the stored bytes without decrypting (an envelope stays ciphertext)")
    boolean plain;

    @picocli.CommandLine.Option(names = {"-o", "--offset"}, paramLabel = "N",
            description = "skip the first N bytes of the output (as 'ipfs cat --offset'; across several files, of their concatenation)")
    long offset;

    @picocli.CommandLine.Option(names = {"-l", "--length"}, paramLabel = "N",
            description = "write at most N bytes (as 'ipfs cat --length')")
    Long length;

    @Parameters(arity = "1..*", paramLabel = "CID[/PATH]")
    java.util.List<String> targets;

    @Override
    public Integer call() throws Exception {
        try (Node node = Node.open(VipfsHome.resolve())) {
            ObjectInspector inspector = new ObjectInspector(node.reader());
            ContentOpener opener = new ContentOpener(node.reader(), node.keyring(), 16L << 20, null);
            OutputStream out = System.out;
            ByteWindow window = new ByteWindow(offset, length);
            for (String arg : targets) {
                if (!window.wantsMore()) {
                    break;
                }
                ObjectTarget t = ObjectTarget.resolve(node, inspector, arg);
                if (t.info.kind() != ObjectInfo.Kind.FILE) {
                    throw new UserException(arg + " is a " + t.info.kind().name().toLowerCase() + ", not a file");
                }
                ContentReader reader;
                try {
                    reader = plain ? new dev.vipfs.fs.content.PlainContentReader(node.reader(), t.cid,
                            node.reader().stat(t.cid).size()) : opener.open(t.info).reader();
                } catch (DecryptionException e) {
                    String hint = e.crypto() instanceof dev.vipfs.crypto.NoPrivateKeyException missing
                            ? NextStep.missingKey(missing) : "";
                    throw new UserException("cannot decrypt " + arg + ": " + e.crypto().getMessage() + hint, ExitCodes.DENIED);
                }
                window.copy(reader, out);
            }
            out.flush();
        }
        return ExitCodes.OK;
    }
}
