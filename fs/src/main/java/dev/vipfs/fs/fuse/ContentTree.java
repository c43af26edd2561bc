package dev.vipfs.fs.fuse;

import dev.vipfs.fs.named.NamedRoots;
import dev.vipfs.fs.path.MountPath;
import dev.vipfs.policy.Operation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jnr.ffi.Pointer;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;

/**
 * The immutable tree: the mount root, content by CID and, through {@link NamedTreeOps}, content by
 * name (by-name/, ipns/). Every mutation is refused (the {@link FuseTree} defaults).
 */
final class ContentTree implements FuseTree {
    private final MountServices s;
    private final boolean dataServed;
    private final AttrOps attrs;
    private final DirOps dirs;
    private final FileOps files;
    private final XattrOps xattrs;
    private final AccessOps accessOps;
    private final LinkAndModeOps links;
    private volatile NamedTreeOps named;

    ContentTree(MountServices s, LinkAndModeOps links, boolean dataServed) {
        this.s = s;
        this.links = links;
        this.dataServed = dataServed;
        this.attrs = new AttrOps(s);
        this.dirs = new DirOps(s);
        this.files = new FileOps(s);
        this.xattrs = new XattrOps(s);
        this.accessOps = new AccessOps(s);
    }

    void serveNamed(NamedRoots roots) {
        this.named = new NamedTreeOps(s, roots);
    }

    /** The content path p stands for; a name is resolved (after the caller's check of the name itself). */
    private MountPath resolve(Request r, TreePath p) throws IOException, MountPath.NotACidException {
        NamedTreeOps n = named;
        return n != null && p instanceof TreePath.Named ? n.parse(r.caller(), p.fusePath()) : MountPath.parse(p.fusePath());
    }

    private NamedTreeOps namedTop(TreePath p) {
        NamedTreeOps n = named;
        return n != null && p instanceof TreePath.Named && n.isTopDirectory(p.fusePath()) ? n : null;
    }

    @Override
    public void getattr(Request r, TreePath p, FileStat stat) throws Exception {
        NamedTreeOps top = namedTop(p);
        if (top != null) {
            top.getattrTop(r.caller(), p.fusePath(), stat);
            return;
        }
        attrs.getattr(r.caller(), resolve(r, p), stat);
    }

    @Override
    public List<String> readdir(Request r, TreePath p) throws Exception {
        NamedTreeOps top = namedTop(p);
        if (top != null) {
            return top.readdirTop(r.caller(), p.fusePath());
        }
        List<String> names = dirs.readdir(r.caller(), resolve(r, p));
        if (!(p instanceof TreePath.Root)) {
            return names;
        }
        names = new ArrayList<>(names);
        if (dataServed && s.gate.permits(r.caller(), WriteOps.DATA, Operation.LOOKUP)) {
            names.add(0, WriteOps.DATA);
        }
        NamedTreeOps n = named;
        if (n != null) {
            names.addAll(0, n.rootEntries(r.caller()));
        }
        return names;
    }

    @Override
    public void open(Request r, TreePath p, FuseFileInfo fi) throws Exception {
        if (OpenFlags.accessMode(fi.flags.get()) != OpenFlags.O_RDONLY) {
            throw RefusedException.readOnly(p.fusePath());
        }
        fi.fh.set(files.open(r.caller(), resolve(r, p)));
        // A CID path's bytes never change; a name's may point elsewhere at the next open, and the
        // kernel_cache option would keep the old target's pages, so those bypass the page cache.
        if (named != null && p instanceof TreePath.Named) {
            PageCache.bypass(fi);
        } else {
            PageCache.keep(fi);
        }
    }

    @Override
    public int read(long fh, long offset, Pointer buf, int len) throws Exception {
        if (buf.isDirect()) {
            // Decrypted segments go straight into libfuse's reply buffer: no array per request.
            return files.read(fh, offset, NativeBuffers.view(buf, len));
        }
        return NativeBuffers.readThroughArray(buf, len, (data, n) -> files.read(fh, offset, data, n));
    }

    void release(long fh) {
        files.release(fh);
    }

    @Override
    public void access(Request r, TreePath p, int mask) throws Exception {
        NamedTreeOps top = namedTop(p);
        if (top != null) {
            top.accessTop(r.caller(), p.fusePath(), mask);
            return;
        }
        accessOps.check(r.caller(), resolve(r, p), mask);
    }

    @Override
    public String readlink(Request r, TreePath p) throws Exception {
        return links.readlink(r.caller(), resolve(r, p));
    }

    @Override
    public Map<String, String> attributes(Request r, TreePath p) throws Exception {
        return xattrs.attributes(r.caller(), resolve(r, p));
    }
}
