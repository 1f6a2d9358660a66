package io.nearline.recall.tiering;

import java.io.Serializable;

/**
 * One reason a rules file was rejected, at a line of the file.
 *
 * @param line 1-based line of the offending node, 0 when the file could not be read at all
 * @param path where in the rules the problem is, e.g. {@code tiers[1].minArpu}; empty for the whole file
 */
public record RuleError(int line, int column, String path, String reason) implements Serializable {

    @Override
    public String toString() {
        return "line " + line + (path.isEmpty() ? "" : ": " + path) + ": " + reason;
    }
}
