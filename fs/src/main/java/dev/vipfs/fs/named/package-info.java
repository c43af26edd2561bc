/**
 * Trees reached by a stable name rather than a CID: {@link dev.vipfs.fs.named.NamedRoots} turns
 * {@code by-name/NAME/…} and {@code ipns/NAME/…} into the content path they stand for (resolving
 * through the store, cached for the record's TTL); {@link dev.vipfs.fs.named.NamespacePublisher}
 * republishes {@code MOUNT/data}'s root under an IPNS key after commits, coalesced.
 */
package dev.vipfs.fs.named;
