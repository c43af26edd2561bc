package dev.vipfs.policy.audit;

/** How hard {@link AuditLog#record} pushes each line to storage before returning. */
public enum SyncPolicy {
    /** FileChannel.force(false) after every line: survives power loss. */
    EVERY_RECORD,
    /** Written to the OS (survives a crash of this process) but not forced to the device. */
    OS_BUFFERED
}
