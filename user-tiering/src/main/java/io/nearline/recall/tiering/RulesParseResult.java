package io.nearline.recall.tiering;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** The outcome of parsing a rules file: either valid rules or every error found, never a partly valid rule set. */
public final class RulesParseResult {

    private final TriggerRules rules;
    private final List<RuleError> errors;

    private RulesParseResult(TriggerRules rules, List<RuleError> errors) {
        this.rules = rules;
        this.errors = List.copyOf(errors);
    }

    static RulesParseResult valid(TriggerRules rules) {
        return new RulesParseResult(Objects.requireNonNull(rules), List.of());
    }

    static RulesParseResult invalid(List<RuleError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid result needs at least one error");
        }
        return new RulesParseResult(null, errors);
    }

    public boolean isValid() {
        return rules != null;
    }

    /** The rules; only for a valid result. */
    public TriggerRules rules() {
        if (rules == null) {
            throw new IllegalStateException("rules file is invalid:\n" + describeErrors());
        }
        return rules;
    }

    /** Errors in file order; empty for a valid result. */
    public List<RuleError> errors() {
        return errors;
    }

    /** One error per line, in file order. */
    public String describeErrors() {
        return errors.stream().map(RuleError::toString).collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return isValid() ? "valid rules " + rules.version() : "invalid rules:\n" + describeErrors();
    }
}
