package io.nearline.recall.tradeoff;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import java.util.ArrayList;
import java.util.List;

/**
 * One user's input to the recall model as the prompt shows it, cleaned the way the prompt builder cleans it
 * (recall-prompts {@code BehaviourCleaner}): impressions are not shown, a repeat of the same action on the same object
 * within the repeat window collapses into the first, and a conversion is merged into the unconverted click on its
 * object within the attribution window. Only a behaviour that adds an entry changes the prompt; {@link #version()}
 * counts those changes (content behaviour included: the LLM reads it), and {@link #objects()} gives the ad clicks and
 * conversions, the part the count model reads.
 */
final class ModelInput {

    private static final class Entry {
        final String objectId;
        final Action action;
        final long firstTime;
        boolean converted;

        Entry(String objectId, Action action, long firstTime) {
            this.objectId = objectId;
            this.action = action;
            this.firstTime = firstTime;
        }
    }

    private final long repeatWindowMs;
    private final long attributionWindowMs;
    private final int maxEntries;
    private final List<Entry> ads = new ArrayList<>();
    private final List<Entry> content = new ArrayList<>();
    private long version;
    private long adVersion;

    ModelInput(long repeatWindowMs, long attributionWindowMs, int maxEntries) {
        this.repeatWindowMs = repeatWindowMs;
        this.attributionWindowMs = attributionWindowMs;
        this.maxEntries = maxEntries;
    }

    /** Folds the behaviour in; true when the model's input changed. */
    boolean append(BehaviourEvent event) {
        Action action = event.getAction();
        if (action == Action.IMPRESSION) {
            return false;
        }
        List<Entry> entries = event.getDomain() == Domain.AD ? ads : content;
        long time = event.getEventTime().toEpochMilli();
        String objectId = event.getObjectId();
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (!e.objectId.equals(objectId)) {
                continue;
            }
            if (action == Action.CONVERSION && e.action == Action.CLICK && !e.converted
                    && time >= e.firstTime && time - e.firstTime <= attributionWindowMs) {
                e.converted = true;
                return false;
            }
            if (e.action == action && Math.abs(time - e.firstTime) <= repeatWindowMs) {
                return false;
            }
        }
        entries.add(new Entry(objectId, action, time));
        if (entries.size() > maxEntries) {
            entries.remove(0);
        }
        version++;
        if (entries == ads && action != Action.CONTENT_VIEW) {
            adVersion++;
        }
        return true;
    }

    /** The ad objects clicked or converted on, oldest first (a copy). */
    List<String> objects() {
        List<String> objects = new ArrayList<>(ads.size());
        for (Entry e : ads) {
            if (e.action == Action.CLICK || e.action == Action.CONVERSION) {
                objects.add(e.objectId);
            }
        }
        return objects;
    }

    /** Changes of the prompt so far. */
    long version() {
        return version;
    }

    /** Changes of {@link #objects()} so far: what the count model reads. */
    long adVersion() {
        return adVersion;
    }
}
