package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.fs.content.ObjectInfo;
import dev.vipfs.fs.content.ObjectInspector;
import dev.vipfs.ipfs.unixfs.directory.DirEntry;
import dev.vipfs.node.Node;
import dev.vipfs.node.VipfsHome;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `vipfs ls`: lists a directory's links with their CIDs and plaintext sizes. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"List a directory's links with CIDs and plaintext sizes.",
                "Prints '<cid> <size> <name>' per link (directories end in '/').",
                "Sizes are plaintext sizes, derived without decrypting anything.",
                "Example: vipfs ls bafy…/docs"})
final class LsCommand implements Callable<Integer> {
    @Parameters(arity = "1", paramLabel = "CID[/PATH]")
    String target;

    @Override
    public Integer call() throws Exception {
        try (Node node = Node.open(VipfsHome.resolve())) {
            ObjectInspector inspector = new ObjectInspector(node.reader());
            ObjectTarget t = ObjectTarget.resolve(node, inspector, target);
            if (t.info.kind() != ObjectInfo.Kind.DIRECTORY) {
                print(t.info, t.path.name());
                return ExitCodes.OK;
            }
            for (DirEntry e : node.reader().list(t.cid)) {
                print(inspector.inspect(e.cid()), e.name());
            }
        }
        return ExitCodes.OK;
    }

    private static void print(ObjectInfo info, String name) {
        String suffix = info.kind() == ObjectInfo.Kind.DIRECTORY ? "/" : "";
        String size = info.kind() == ObjectInfo.Kind.DIRECTORY ? "-" : Long.toString(info.size());
        System.out.println(info.cid() + " " + size + " " + name + suffix);
    }
}
