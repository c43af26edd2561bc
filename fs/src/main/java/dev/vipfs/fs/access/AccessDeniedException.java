package dev.vipfs.fs.access;

import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Operation;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The policy refused an operation. */
public final class AccessDeniedException extends IOException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(message);
    }

    /**
     * The command that shows the deciding rule for this caller, so whoever reads the denial (the
     * daemon log, an operator) can see why and which policy or binding to change.
     */
    static String nextStep(Caller caller, String policyPath, Operation op) {
        String groups = caller.groups().length == 0 ? ""
                : " --groups " + Arrays.stream(caller.groups()).mapToObj(Integer::toString).collect(Collectors.joining(","));
        return "; 'vipfs policy check --config $VIPFS_HOME --uid " + caller.uid() + " --gid " + caller.gid() + groups
                + " --path \"" + policyPath + "\" --op " + op.name().toLowerCase(Locale.ROOT) + "' shows the deciding rule";
    }
}
