package dev.vipfs.privilege;

import dev.vipfs.libc.Libc;

/**
 * Makes the calling thread's file access happen as a service user while the process stays root:
 * Linux checks every path lookup, open and create against the thread's fsuid/fsgid (and drops
 * CAP_DAC_OVERRIDE and the other file capabilities while fsuid is not 0), so files created get the
 * service user's ownership without a chown, and a symlink or hard link the service user planted
 * leads only where that user could go anyway.
 *
 * <p>Per thread: threads this thread creates meanwhile inherit the identity (Linux copies the
 * creator's credentials), threads that already existed do not. Code that starts background work
 * on a pre-existing pool must not run inside a scope. Supplementary groups are per process in
 * glibc, so entering clears root's for the whole process first; root keeps its capabilities, so it
 * loses nothing by it.
 */
public final class ActingAs implements AutoCloseable {
    private final ServiceUser user;
    private final int previousUid;
    private final int previousGid;
    private boolean closed;

    private ActingAs(ServiceUser user, int previousUid, int previousGid) {
        this.user = user;
        this.previousUid = previousUid;
        this.previousGid = previousGid;
    }

    /** Switches this thread's file identity to {@code user}; only root may. */
    public static ActingAs enter(ServiceUser user) {
        if (user.uid() == 0) {
            throw new IllegalStateException("refusing to act as uid 0: it is the identity we are leaving");
        }
        Libc.Calls c = Libc.require();
        if (c.geteuid() != 0) {
            throw new IllegalStateException("only root can act as " + user.name());
        }
        if (c.setgroups(0, null) != 0) {
            throw new IllegalStateException("setgroups(0) failed");
        }
        int oldGid = c.setfsgid(user.gid());
        int oldUid = c.setfsuid(user.uid());
        ActingAs scope = new ActingAs(user, oldUid, oldGid);
        scope.require(user.uid(), user.gid());
        return scope;
    }

    public ServiceUser user() {
        return user;
    }

    /** This thread's fsuid (setfsuid with an invalid id only reports it). */
    public static int currentFsuid() {
        return Libc.require().setfsuid(-1);
    }

    /** Root's own file identity on this thread until the returned scope closes (e.g. for the mountpoint). */
    public AutoCloseable suspend() {
        if (closed || Libc.require().geteuid() != 0) {
            return () -> { };
        }
        Libc.Calls c = Libc.require();
        c.setfsuid(previousUid);
        c.setfsgid(previousGid);
        require(previousUid, previousGid);
        return () -> {
            c.setfsgid(user.gid());
            c.setfsuid(user.uid());
            require(user.uid(), user.gid());
        };
    }

    /** Back to the identity before {@link #enter}; a no-op after a full privilege drop. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libc.Calls c = Libc.require();
        if (c.geteuid() != 0) {
            return; // dropped for good meanwhile: fsuid already follows the new euid
        }
        c.setfsuid(previousUid);
        c.setfsgid(previousGid);
        require(previousUid, previousGid);
    }

    private void require(int uid, int gid) {
        int fsuid = Libc.require().setfsuid(-1);
        int fsgid = Libc.require().setfsgid(-1);
        if (fsuid != uid || fsgid != gid) {
            throw new IllegalStateException("file identity is " + fsuid + ":" + fsgid + ", expected " + uid + ":" + gid);
        }
    }
}
