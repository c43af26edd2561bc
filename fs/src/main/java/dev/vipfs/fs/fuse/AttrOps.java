package dev.vipfs.fs.fuse;

import dev.vipfs.fs.attrs.DirectoryAttributes;
import dev.vipfs.fs.content.ObjectInfo;
import dev.vipfs.fs.path.MountPath;
import dev.vipfs.fs.path.NoSuchLinkException;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Operation;
import java.io.IOException;
import ru.serce.jnrfuse.struct.FileStat;

/** getattr: sizes and kinds come from root blocks only, never from file bodies. */
final class AttrOps {
    private final MountServices s;
    private final long mountTime = System.currentTimeMillis() / 1000;

    private final StoredAttributes stored;

    AttrOps(MountServices s) {
        this.s = s;
        this.stored = new StoredAttributes(s);
    }

    void getattr(Caller caller, MountPath path, FileStat stat) throws IOException, MountPath.NotACidException {
        if (path.isRoot()) {
            fillDirectory(stat, mountTime);
            return;
        }
        Cid cid = s.access.authorize(caller, path, Operation.LOOKUP);
        ObjectInfo info = s.inspector.inspect(cid);
        if (info.kind() == ObjectInfo.Kind.SYMLINK && s.hideEscapingSymlinks
                && LinkAndModeOps.hiddenTarget(s, path.policyPath(), s.reader.readSymlink(cid))) {
            throw new NoSuchLinkException(path.raw() + " is a link out of the mount, hidden by hide_escaping_symlinks");
        }
        fill(stat, info);
        stored.of(caller, path).ifPresent(a -> apply(stat, info, a));
    }

    /** What the directory's sealed attributes object records replaces the defaults (not the kind or size). */
    private static void apply(FileStat stat, ObjectInfo info, DirectoryAttributes.Entry a) {
        if (info.kind() == ObjectInfo.Kind.SYMLINK) {
            return; // always 0777, as lstat shows symlinks
        }
        int kind = info.kind() == ObjectInfo.Kind.DIRECTORY ? FileStat.S_IFDIR : FileStat.S_IFREG;
        stat.st_mode.set(kind | (a.mode() & 07777));
        stat.st_mtim.tv_sec.set(a.mtime().getEpochSecond());
        stat.st_mtim.tv_nsec.set(a.mtime().getNano());
        stat.st_ctim.tv_sec.set(a.mtime().getEpochSecond());
        stat.st_ctim.tv_nsec.set(a.mtime().getNano());
        java.time.Instant atime = a.atime() == null ? a.mtime() : a.atime();
        stat.st_atim.tv_sec.set(atime.getEpochSecond());
        stat.st_atim.tv_nsec.set(atime.getNano());
    }

    private void fill(FileStat stat, ObjectInfo info) {
        long mtime = info.mtime().map(i -> i.getEpochSecond()).orElse(mountTime);
        switch (info.kind()) {
            case DIRECTORY -> fillDirectory(stat, mtime);
            case SYMLINK -> {
                stat.st_mode.set(FileStat.S_IFLNK | 0777);
                stat.st_nlink.set(1);
                stat.st_size.set(info.size());
                times(stat, mtime);
            }
            default -> {
                stat.st_mode.set(FileStat.S_IFREG | 0444);
                stat.st_nlink.set(1);
                stat.st_size.set(info.size());
                stat.st_blocks.set((info.size() + 511) / 512);
                stat.st_blksize.set(128 * 1024);
                times(stat, mtime);
            }
        }
    }

    static void fillDirectory(FileStat stat, long mtime) {
        stat.st_mode.set(FileStat.S_IFDIR | 0555);
        stat.st_nlink.set(2);
        stat.st_size.set(4096);
        times(stat, mtime);
    }

    private static void times(FileStat stat, long seconds) {
        stat.st_mtim.tv_sec.set(seconds);
        stat.st_ctim.tv_sec.set(seconds);
        stat.st_atim.tv_sec.set(seconds);
    }
}
