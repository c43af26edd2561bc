package dev.vipfs.fs.names;

import dev.vipfs.ipfs.cid.Multihash;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Collects names per multihash up to a bound. Keyed by multihash rather than CID: the same bytes
 * under another codec ({@code bafk…} raw for a dag-pb block) or CID version are the same content.
 */
final class NameSink {
    private final Map<Multihash, NameNode[]> names;
    private final int limit;
    private int count;

    NameSink(int limit) {
        this(new HashMap<>(), limit);
    }

    private NameSink(Map<Multihash, NameNode[]> names, int limit) {
        this.names = names;
        this.limit = limit;
        for (NameNode[] n : names.values()) {
            count += n.length;
        }
    }

    /** A sink that adds to a copy of {@code existing}. */
    static NameSink extending(Map<Multihash, NameNode[]> existing, int limit) {
        return new NameSink(new HashMap<>(existing), limit);
    }

    /** An empty sink for one more tree, bounded by the room this one has left. */
    NameSink another() {
        NameSink s = new NameSink(new HashMap<>(), limit);
        s.count = count;
        return s;
    }

    /** Records every name of {@code more}. */
    void addAll(Map<Multihash, NameNode[]> more) throws IndexLimitException {
        for (Map.Entry<Multihash, NameNode[]> e : more.entrySet()) {
            NameNode[] added = e.getValue();
            count += added.length;
            if (count > limit) {
                throw new IndexLimitException("more than " + limit + " names in the mount's name index");
            }
            // Arrays are never changed in place (add grows a copy), so they can be shared.
            NameNode[] old = names.putIfAbsent(e.getKey(), added);
            if (old != null) {
                NameNode[] both = Arrays.copyOf(old, old.length + added.length);
                System.arraycopy(added, 0, both, old.length, added.length);
                names.put(e.getKey(), both);
            }
        }
    }

    /** Records one name; throws once the index would exceed its bound. */
    void add(Multihash mh, NameNode name) throws IndexLimitException {
        if (++count > limit) {
            throw new IndexLimitException("more than " + limit + " names in the mount's name index");
        }
        NameNode[] old = names.get(mh);
        if (old == null) {
            names.put(mh, new NameNode[] {name});
        } else {
            NameNode[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = name;
            names.put(mh, grown);
        }
    }

    boolean contains(Multihash mh) {
        return names.containsKey(mh);
    }

    Map<Multihash, NameNode[]> names() {
        return names;
    }

    /** The index has grown past its configured bound. */
    static final class IndexLimitException extends Exception {
        private static final long serialVersionUID = 1L;

        IndexLimitException(String m) {
            super(m);
        }
    }
}
