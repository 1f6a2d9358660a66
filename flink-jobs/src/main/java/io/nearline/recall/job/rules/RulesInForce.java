package io.nearline.recall.job.rules;

import io.nearline.recall.tiering.ActiveRules;
import io.nearline.recall.tiering.BudgetRules;
import io.nearline.recall.tiering.Experiment;
import io.nearline.recall.tiering.TriggerPolicy;
import java.io.Serializable;

/**
 * The trigger rules one parallel instance applies: those of the control topic once any arrived
 * (kept in broadcast state, so every instance switches together and a restore brings them back),
 * the initial rules before that. A job built with a fixed policy ignores the control topic.
 */
public final class RulesInForce implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String initialText;
    private final TriggerPolicy fixedPolicy;
    private transient ActiveRules active;
    private transient String syncedText;

    private RulesInForce(String initialText, TriggerPolicy fixedPolicy) {
        this.initialText = initialText;
        this.fixedPolicy = fixedPolicy;
    }

    /** Rules from ops: starts with {@code initialText}, then follows updates. */
    public static RulesInForce updatable(String initialText) {
        ActiveRules.of(initialText); // fail the job build, not the running job, on invalid initial rules
        return new RulesInForce(initialText, null);
    }

    /** One policy for the job's lifetime (baselines and tests); the budget is that of the initial rules. */
    public static RulesInForce fixed(TriggerPolicy policy, String initialText) {
        return new RulesInForce(initialText, policy);
    }

    private ActiveRules active() {
        if (active == null) {
            active = ActiveRules.of(initialText);
            syncedText = initialText;
        }
        return active;
    }

    public TriggerPolicy policy() {
        return fixedPolicy != null ? fixedPolicy : active().policy();
    }

    /** The arms of the rules in force (of the initial rules for a fixed policy). */
    public Experiment experiment() {
        return active().rules().experiment();
    }

    public BudgetRules budget() {
        return active().rules().budget();
    }

    public String version() {
        return fixedPolicy != null ? fixedPolicy.rulesVersion() : active().version();
    }

    /** Applies an update from the control topic. */
    public ActiveRules.Update apply(String yaml) {
        ActiveRules.Update update = active().update(yaml);
        if (update.outcome() == ActiveRules.Outcome.APPLIED) {
            syncedText = yaml;
        }
        return update;
    }

    /** Catches up with the rules in broadcast state, e.g. after a restore; cheap when nothing changed. */
    public void syncWith(String textInState) {
        if (textInState == null || textInState == syncedText) {
            return;
        }
        if (!textInState.equals(active().text())) {
            apply(textInState);
        }
        syncedText = textInState;
    }

    public ActiveRules rules() {
        return active();
    }
}
