package io.nearline.recall.model;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogs;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The per-user item sequences a model learns from: ad-domain behaviour, clicks and conversions or every event. */
public final class TrainingSequences {

    private TrainingSequences() {
    }

    /** Per userId, objectIds in time order, as {@code train.events} selects. */
    public static Map<String, List<String>> of(BehaviourLog log, RecallModelOptions options) {
        return BehaviourLogs.sequences(log, selection(options.trainOnAllEvents()));
    }

    static Predicate<BehaviourEvent> selection(boolean allEvents) {
        return event -> event.getDomain() == Domain.AD && (allEvents
                || event.getAction() == Action.CLICK || event.getAction() == Action.CONVERSION);
    }
}
