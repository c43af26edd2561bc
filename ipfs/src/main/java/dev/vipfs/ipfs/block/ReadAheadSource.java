package dev.vipfs.ipfs.block;

import dev.vipfs.ipfs.cid.Cid;
import java.util.List;

/** A block source that can be told which leaves a sequential reader will ask for next. */
public interface ReadAheadSource extends BlockSource {
    /**
     * Announces that {@code leaves}, children of {@code parent} in this order, are about to be read;
     * a source may fetch them in one request. Never throws: a failed read-ahead only costs speed.
     */
    void readAhead(Cid parent, List<FileLeaf> leaves);
}
