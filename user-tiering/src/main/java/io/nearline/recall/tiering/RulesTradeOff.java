package io.nearline.recall.tiering;

import io.nearline.recall.behaviour.BehaviourLog;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What {@code RulesCli simulate} prints after the rules' own figures: the event-time trade-off of a rule set against
 * firing on every event (GPU calls, coverage, served HR@K with the fallback, staleness, with intervals). Scoring it
 * needs the recall model and the semantic IDs, which this module does not depend on; the implementation lives in
 * {@code recall-tradeoff} and is found through {@link ServiceLoader} when that module is on the class path
 * ({@code bin/rules} puts it there; the job jar's {@code RulesCli}, which deploys rules, does without).
 */
public interface RulesTradeOff {

    /** The trade-off of {@code rules} against every-event rules on {@code log}, as Markdown. */
    String render(TriggerRules rules, BehaviourLog log);

    /** The implementation on the class path, if any. */
    static Optional<RulesTradeOff> onClassPath() {
        return ServiceLoader.load(RulesTradeOff.class).findFirst();
    }
}
