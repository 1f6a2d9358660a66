package io.nearline.recall.tradeoff;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.model.EvaluationIds;
import io.nearline.recall.model.ExactRanking;
import io.nearline.recall.model.ModelTrainer;
import io.nearline.recall.model.RecallModelOptions;
import io.nearline.recall.model.Recommender;
import io.nearline.recall.model.SemanticIdSet;
import io.nearline.recall.semantic.SemanticIdOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One log made ready for the trade-off: the warm-start cut (the first share of its behaviours is history) and the
 * count model trained on that history only, so no recall has seen the targets it is scored on.
 *
 * @param cutMillis  the event time from which behaviours are live
 * @param lastMillis the event time of the last behaviour
 * @param model     the count model's exact top-K of the next object after an input
 */
public record ReplayLog(BehaviourLog log, long cutMillis, long lastMillis, long historyEvents, long liveEvents,
                        Recommender model) {

    /** Event time the live part spans, in seconds (at least one). */
    public double liveSeconds() {
        return Math.max(1.0, (lastMillis - cutMillis) / 1000.0);
    }

    /** Cuts {@code log} after {@code historyShare} of its events and trains the model on the part before the cut. */
    public static ReplayLog prepare(BehaviourLog log, double historyShare, Path workDirectory) throws IOException {
        if (!(historyShare > 0 && historyShare < 1)) {
            throw new IllegalArgumentException("the history share must be in (0, 1), was " + historyShare);
        }
        long total = 0;
        for (Iterator<BehaviourEvent> it = log.events(); it.hasNext(); it.next()) {
            total++;
        }
        long historyCount = (long) Math.floor(total * historyShare);
        long cut = Long.MAX_VALUE;
        long index = 0;
        for (Iterator<BehaviourEvent> it = log.events(); it.hasNext() && cut == Long.MAX_VALUE; index++) {
            long time = it.next().getEventTime().toEpochMilli();
            if (index >= historyCount) {
                cut = time;
            }
        }
        if (cut == Long.MAX_VALUE) {
            throw new IllegalArgumentException(log.name() + " has too few events (" + total + ") to cut");
        }
        return prepareAt(log, cut, workDirectory);
    }

    /** Cuts {@code log} at event time {@code cut} (the job's {@code bootstrap.until}) and trains on what is before. */
    public static ReplayLog prepareAt(BehaviourLog log, long cut, Path workDirectory) throws IOException {
        long total = 0;
        long history = 0;
        long last = cut;
        Map<String, List<String>> sequences = new LinkedHashMap<>();
        for (Iterator<BehaviourEvent> it = log.events(); it.hasNext(); ) {
            BehaviourEvent e = it.next();
            total++;
            long time = e.getEventTime().toEpochMilli();
            last = Math.max(last, time);
            if (time >= cut) {
                continue;
            }
            history++;
            if (PopularityFallback.isEngagement(e)) {
                sequences.computeIfAbsent(e.getUserId(), u -> new ArrayList<>()).add(e.getObjectId());
            }
        }
        SemanticIdOptions idOptions = SemanticIdOptions.of(Map.of(SemanticIdOptions.ALWAYS_SUFFIX.key(), "true"));
        SemanticIdSet ids = EvaluationIds.build(EvaluationIds.Vectors.BEHAVIOUR, sequences.values(), log.catalogue(),
                idOptions, workDirectory.resolve("semantic-ids"));
        RecallModelOptions modelOptions = RecallModelOptions.defaults();
        ModelTrainer.Trained trained = ModelTrainer.train(sequences.values(), ids, log.name() + " (history part)",
                modelOptions);
        return new ReplayLog(log, cut, last, history, total - history, new ExactRanking(trained.model()));
    }
}
