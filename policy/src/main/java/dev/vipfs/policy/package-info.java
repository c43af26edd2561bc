/**
 * Access policy with Vault ACL semantics (docs/policy.md); knows nothing of FUSE, IPFS or crypto.
 * {@link dev.vipfs.policy.PolicyEngine} answers {@link dev.vipfs.policy.AccessPolicy#decide} for a
 * {@link dev.vipfs.policy.Caller} and an {@link dev.vipfs.policy.Operation}. Below it, without cycles:
 * <pre>
 *   policy (engine) ──&gt; acl (rules, evaluator) ──&gt; hcl (HCL/JSON syntax, PolicyParseException)
 *          ├────────&gt; identity (who gets which policies)
 *          └────────&gt; store (the policy files of a home)      audit (the hash-chained trail)
 * </pre>
 */
package dev.vipfs.policy;
