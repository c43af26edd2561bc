/**
 * The syntax of policy and identity files: the HCL subset Vault uses ({@link dev.vipfs.policy.hcl.HclReader}
 * for the grammar over {@link dev.vipfs.policy.hcl.HclScanner} for the characters) and Vault's JSON form
 * ({@link dev.vipfs.policy.hcl.JsonReader}), both into {@link dev.vipfs.policy.hcl.Node}s
 * that keep their positions, so every {@link dev.vipfs.policy.hcl.PolicyParseException} names a line
 * and column. Knows nothing of what the files mean.
 */
package dev.vipfs.policy.hcl;
