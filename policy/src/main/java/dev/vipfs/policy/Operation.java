package dev.vipfs.policy;

/** A filesystem operation the mount asks the policy about; docs/policy.md maps each to capabilities. */
public enum Operation { LOOKUP, LIST, READ, CREATE, UPDATE, DELETE }
