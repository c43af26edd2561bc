package dev.vipfs.fs.fuse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.vipfs.fs.access.AccessDeniedException;
import dev.vipfs.fs.attrs.DirectoryAttributes;
import dev.vipfs.fs.content.ContentOpener;
import dev.vipfs.fs.content.ObjectInfo;
import dev.vipfs.fs.path.MountPath;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Operation;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mode and times a directory's sealed attributes object (docs/format.md, "Attributes objects")
 * records for one entry of content by CID. Reading it takes LIST on the directory, as a listing
 * would; the caller's LOOKUP on the entry itself is checked by getattr before. Anything that fails
 * (no object, no key, not encrypted, malformed, refused) leaves the defaults: never an error.
 */
final class StoredAttributes {
    private static final Logger LOG = LoggerFactory.getLogger(StoredAttributes.class);
    private final MountServices s;
    /** Decoded objects by CID: immutable, so only successes are kept (a key may arrive later). */
    private final Cache<Cid, DirectoryAttributes> decoded = Caffeine.newBuilder().maximumSize(10_000).build();

    StoredAttributes(MountServices s) {
        this.s = s;
    }

    Optional<DirectoryAttributes.Entry> of(Caller caller, MountPath path) {
        if (path.isRoot() || path.links().isEmpty()) {
            return Optional.empty();
        }
        try {
            // Whether there is an object reveals nothing by itself; the decision (audited) is taken
            // only when one would be read, so stats in trees without objects cost no extra LIST.
            Optional<Cid> object = s.resolver.attributesObject(s.resolver.resolve(path.parent()));
            if (object.isEmpty()) {
                return Optional.empty();
            }
            s.access.authorize(caller, path.parent(), Operation.LIST);
            DirectoryAttributes attrs = decoded.getIfPresent(object.get());
            if (attrs == null) {
                attrs = load(object.get());
                if (attrs == null) {
                    return Optional.empty();
                }
                decoded.put(object.get(), attrs);
            }
            return Optional.ofNullable(attrs.entries().get(path.name()));
        } catch (AccessDeniedException e) {
            return Optional.empty();
        } catch (IOException | MountPath.NotACidException | RuntimeException e) {
            LOG.debug("attributes of {} not read: {}", path.raw(), e.getMessage());
            return Optional.empty();
        }
    }

    private DirectoryAttributes load(Cid object) throws IOException {
        ObjectInfo info = s.inspector.inspect(object);
        // Only a sealed object counts: a plaintext one anyone could have written into a crafted DAG.
        if (info.kind() != ObjectInfo.Kind.FILE || !info.encrypted() || info.size() > DirectoryAttributes.MAX_BYTES) {
            return null;
        }
        ContentOpener.Opened opened = s.content.open(info);
        byte[] plain = new byte[(int) opened.reader().size()];
        int done = 0;
        while (done < plain.length) {
            int n = opened.reader().read(done, plain, done, plain.length - done);
            if (n <= 0) {
                throw new IOException("attributes object " + object + " ended early");
            }
            done += n;
        }
        return DirectoryAttributes.decode(plain);
    }
}
