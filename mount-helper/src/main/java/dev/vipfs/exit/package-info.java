/**
 * How the {@code vipfs} command ends: every exit status in {@link dev.vipfs.exit.ExitCodes}, and
 * {@link dev.vipfs.exit.UserException}, a failure caused by input or setup that is printed as one
 * line with what to do next, never a stack trace. A package of its own so the commands and the node
 * wiring both use it without depending on each other in a cycle.
 */
package dev.vipfs.exit;
