/**
 * The FUSE edge (jnr-fuse): the one place where exceptions become errno values
 * ({@link dev.vipfs.fs.fuse.Errno}). {@link dev.vipfs.fs.fuse.VipfsFuse} takes the kernel's
 * calls, {@code TreeDispatch} parses each path once into a {@code TreePath} and hands it to its
 * tree's op set ({@code FuseTree}): the immutable content tree ({@code MOUNT/<cid>/<links>}, and
 * {@code by-name/}, {@code ipns/} through {@code NamedTreeOps}) to {@code ContentTree}, which uses
 * one class per op family ({@code AttrOps}, {@code DirOps}, {@code FileOps}, {@code XattrOps},
 * {@code AccessOps}); the writable {@code MOUNT/data} tree to {@code DataTree} over
 * {@link dev.vipfs.fs.fuse.WriteOps}. The ops share {@code MountServices}: the mount's
 * {@link dev.vipfs.fs.fuse.MountParts}, built outside this package (mount-helper's
 * {@code node.MountAssembly}), and the edge's own handle table and caller cache.
 */
package dev.vipfs.fs.fuse;
