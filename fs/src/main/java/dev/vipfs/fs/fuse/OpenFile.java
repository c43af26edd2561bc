package dev.vipfs.fs.fuse;

import dev.vipfs.fs.content.ContentReader;
import dev.vipfs.fs.write.WritableNamespace;
import dev.vipfs.policy.Caller;

/** What a file handle handed to the kernel stands for; which kind decides what the handle may do. */
sealed interface OpenFile permits OpenFile.Content, OpenFile.DataFile {

    /** A file of the content tree: reads only, audited at open, so no caller is kept. */
    record Content(ContentReader reader) implements OpenFile { }

    /**
     * A file of MOUNT/data. It keeps the caller captured at open, because release has no request
     * context and a commit there is audited under that caller.
     */
    sealed interface DataFile extends OpenFile permits Spooled, Committed {
        Caller caller();

        String path();
    }

    /** A hold on a file being written: a writer's, or a reader's of a file someone is writing. */
    record Spooled(Caller caller, String path, WritableNamespace.Open open, boolean writable) implements DataFile { }

    /** A reader of the latest committed version. */
    record Committed(Caller caller, String path, ContentReader reader) implements DataFile { }
}
