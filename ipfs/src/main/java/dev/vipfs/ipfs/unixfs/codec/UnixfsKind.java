package dev.vipfs.ipfs.unixfs.codec;

/** What a UnixFS node is, as the filesystem sees it. */
public enum UnixfsKind {
    FILE,
    DIRECTORY,
    SYMLINK
}
