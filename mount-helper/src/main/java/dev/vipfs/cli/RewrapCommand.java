package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.fs.content.DecryptionException;
import dev.vipfs.fs.content.ObjectInspector;
import dev.vipfs.fs.sealing.Rewrapper;
import dev.vipfs.ipfs.unixfs.ImportedNode;
import dev.vipfs.ipfs.unixfs.UnixfsImporter;
import dev.vipfs.node.Node;
import dev.vipfs.node.VipfsHome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `vipfs rewrap`: a new header (new recipients, current key versions) over the same payload blocks. */
@Command(name = "rewrap", mixinStandardHelpOptions = true,
        description = {"Give an object a new header for new recipients; print the new CID.",
                "The file key is re-encrypted to new recipients (default: the current version of every configured key). Only the header leaf and root are new: every payload",
                "block is reused, so nothing is re-uploaded. Example: vipfs rewrap bafy… --to ops"})
final class RewrapCommand implements Callable<Integer> {
    @Parameters(arity = "1", paramLabel = "CID[/PATH]")
    String target;

    @Option(names = "--to", paramLabel = "KEY", description = "recipient key name (repeatable)")
    List<String> to = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        try (Node node = Node.open(VipfsHome.resolve())) {
            ObjectInspector inspector = new ObjectInspector(node.reader());
            ObjectTarget t = ObjectTarget.resolve(node, inspector, target);
            if (!t.info.encrypted()) {
                throw new UserException(target + " is not an encrypted object; nothing to rewrap");
            }
            UnixfsImporter importer = new UnixfsImporter(node.store(), node.importOptions());
            ImportedNode fresh;
            try {
                fresh = new Rewrapper(node.store(), importer, node.keyring()).rewrap(t.info, node.recipients(to));
            } catch (DecryptionException e) {
                String hint = e.crypto() instanceof dev.vipfs.crypto.NoPrivateKeyException missing
                        ? NextStep.missingKey(missing) : "";
                throw new UserException("cannot rewrap " + target + ": " + e.crypto().getMessage() + hint, ExitCodes.DENIED);
            }
            node.catalog().record("rewrap:" + t.cid, fresh.cid(), false);
            System.out.println(fresh.cid());
        }
        return ExitCodes.OK;
    }
}
