package io.nearline.recall.semantic;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.behaviour.BehaviourLogs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A catalogue read through the behaviour-log module with the positive behaviour around it: each user's clicks and
 * conversions on ads in time order, split into the history (all but the last) and the held-out last transition.
 *
 * @param history  per user, every positive object but the last: what behaviour vectors may learn from
 * @param heldOut  per user with two or more, the (second-to-last, last) objectIds, never used for learning
 */
public record CatalogueInput(String name, List<MarketingObject> catalogue, List<List<String>> history,
                             List<String[]> heldOut) {

    public static CatalogueInput open(String source) {
        BehaviourLog log = BehaviourLogs.open(source, BehaviourLogOptions.defaults());
        Map<String, List<String>> sequences = BehaviourLogs.sequences(log, CatalogueInput::positive);
        List<List<String>> history = new ArrayList<>();
        List<String[]> heldOut = new ArrayList<>();
        for (List<String> sequence : sequences.values()) {
            history.add(sequence.subList(0, sequence.size() - 1));
            if (sequence.size() >= 2) {
                heldOut.add(new String[] {sequence.get(sequence.size() - 2), sequence.get(sequence.size() - 1)});
            }
        }
        return new CatalogueInput(log.name(), log.catalogue(), history, heldOut);
    }

    private static boolean positive(BehaviourEvent event) {
        return event.getDomain() == Domain.AD
                && (event.getAction() == Action.CLICK || event.getAction() == Action.CONVERSION);
    }
}
