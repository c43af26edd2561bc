package dev.vipfs.fs.bench;

import dev.vipfs.fs.mount.MountOptions;

/**
 * The FUSE options a default {@code vipfs mount} passes (mount-helper's {@code Config.kernelCacheTimeout}:
 * names and attributes cached 1 s for a mount only its owner reaches, 0 with allow_other), for the
 * no-op floors: a floor whose kernel caches more or less than vipfs's mount would time another job.
 */
final class VipfsMountOptions {
    private VipfsMountOptions() {
    }

    static String[] fuseArgs(boolean allowOther) {
        return MountOptions.builder().allowOther(allowOther).cacheTimeoutSeconds(allowOther ? 0 : 1).build().toFuseArgs();
    }
}
