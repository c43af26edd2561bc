/**
 * What a root-started mount does with its privilege (docs/service-security.md, docs/systemd.md):
 * hands the home to the service user ({@link dev.vipfs.privilege.HandOver}), acts as that user while
 * still root ({@link dev.vipfs.privilege.ActingAs}), then drops to it for good and proves it for every
 * thread ({@link dev.vipfs.privilege.PrivilegeDrop}, {@link dev.vipfs.privilege.NoNewPrivs});
 * {@link dev.vipfs.privilege.SdNotify} reports readiness to the service manager.
 */
package dev.vipfs.privilege;
