/**
 * Every name under which the mount knows each object, so a rule that refuses a name refuses the same
 * content under any other name (docs/security.md). {@link dev.vipfs.fs.names.TreeNamer} walks catalogued
 * and rule-named trees in the background into {@link dev.vipfs.fs.names.NameIndex} (parent-linked
 * {@link dev.vipfs.fs.names.NameNode}s keyed by multihash), and {@link dev.vipfs.fs.names.StoredTreeNamer} keeps
 * each walked tree's names in a names file ({@link dev.vipfs.fs.names.TreeNameFile}) so a later mount need not
 * walk it again; {@link dev.vipfs.fs.names.CidSpelling} is the
 * one spelling of a CID that policies and the audit trail see.
 */
package dev.vipfs.fs.names;
