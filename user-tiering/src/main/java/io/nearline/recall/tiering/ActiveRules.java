package io.nearline.recall.tiering;

import java.util.List;
import java.util.Objects;

/**
 * The rules in force and the policy built from them. A new rule set replaces them only when it parses and
 * validates and carries a different version; otherwise the rules in force stay, and the caller gets the reason.
 * Safe to read from other threads while one thread updates.
 */
public final class ActiveRules {

    /** What happened to an update. */
    public enum Outcome {
        /** The new rules are in force. */
        APPLIED,
        /** The update carries the version already in force; nothing changed. */
        UNCHANGED,
        /** The update is invalid; the previous rules stay in force. */
        REJECTED
    }

    /** The result of {@link #update}: the outcome, the version in force afterwards, and the errors of a rejection. */
    public record Update(Outcome outcome, String versionInForce, List<RuleError> errors) {}

    private record InForce(TriggerRules rules, RulesTriggerPolicy policy, String text) {}

    private final TriggerCounters counters;
    private volatile InForce current;
    private volatile long rejected;

    /** Starts with {@code initial} in force; its policy adds to {@code counters} and so will every later one. */
    public ActiveRules(TriggerRules initial, String initialText, TriggerCounters counters) {
        this.counters = Objects.requireNonNull(counters);
        this.current = new InForce(initial, new RulesTriggerPolicy(initial, counters), initialText);
    }

    /** Starts from a rules file's text, which must be valid. */
    public static ActiveRules of(String yaml) {
        return new ActiveRules(TriggerRulesParser.parse(yaml).rules(), yaml, new TriggerCounters());
    }

    public Update update(String yaml) {
        RulesParseResult parsed = TriggerRulesParser.parse(yaml);
        InForce before = current;
        if (!parsed.isValid()) {
            rejected++;
            return new Update(Outcome.REJECTED, before.rules().version(), parsed.errors());
        }
        if (parsed.rules().version().equals(before.rules().version())) {
            return new Update(Outcome.UNCHANGED, before.rules().version(), List.of());
        }
        current = new InForce(parsed.rules(), new RulesTriggerPolicy(parsed.rules(), counters), yaml);
        return new Update(Outcome.APPLIED, parsed.rules().version(), List.of());
    }

    public TriggerRules rules() {
        return current.rules();
    }

    public RulesTriggerPolicy policy() {
        return current.policy();
    }

    /** The YAML text of the rules in force, e.g. to keep in broadcast state or to show ops. */
    public String text() {
        return current.text();
    }

    public String version() {
        return current.rules().version();
    }

    public TriggerCounters counters() {
        return counters;
    }

    /** Updates rejected since start. */
    public long rejectedUpdates() {
        return rejected;
    }
}
