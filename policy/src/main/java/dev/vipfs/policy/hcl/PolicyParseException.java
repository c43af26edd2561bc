package dev.vipfs.policy.hcl;

import dev.vipfs.policy.PolicyException;

/** A policy or identity file is malformed; carries the 1-based line and column of the problem. */
public class PolicyParseException extends PolicyException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final int line;
    private final int column;
    private final String detail;

    public PolicyParseException(int line, int column, String message) {
        this(null, line, column, message);
    }

    public PolicyParseException(String source, int line, int column, String message) {
        super((source == null ? "" : source + ":") + line + ":" + column + ": " + message);
        this.source = source;
        this.line = line;
        this.column = column;
        this.detail = message;
    }

    /** The same problem attributed to a named file. */
    public PolicyParseException in(String newSource) {
        return new PolicyParseException(newSource, line, column, detail);
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The problem without the location prefix. */
    public String detail() {
        return detail;
    }
}
