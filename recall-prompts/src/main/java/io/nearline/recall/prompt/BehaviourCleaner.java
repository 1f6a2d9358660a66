package io.nearline.recall.prompt;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import java.util.List;

/**
 * Cleans behaviours one at a time into a domain's recent part: drops impressions (unless configured), collapses
 * repeats, merges a conversion into the click it is attributed to, and compresses runs of similar objects.
 * Only the recent part is searched, so the frozen prefix never changes; a conversion whose click is already
 * frozen is shown as its own behaviour.
 */
public final class BehaviourCleaner {

    private final PromptOptions options;

    public BehaviourCleaner(PromptOptions options) {
        this.options = options;
    }

    /**
     * Folds {@code event} into the state's recent part; its object renders as {@code semanticId} and belongs to
     * {@code category} (either may be null).
     */
    public AppendOutcome clean(PromptState state, BehaviourEvent event, String semanticId, String category) {
        Action action = event.getAction();
        if (action == Action.IMPRESSION && !options.includeImpressions) {
            return AppendOutcome.IGNORED_IMPRESSION;
        }
        List<BehaviourEntry> recent = state.recent(event.getDomain());
        long time = event.getEventTime().toEpochMilli();
        String objectId = event.getObjectId();
        if (action == Action.CONVERSION) {
            BehaviourEntry click = attributedClick(recent, objectId, time);
            if (click != null) {
                click.converted = true;
                click.lastTime = Math.max(click.lastTime, time);
                click.ecpm = maxEcpm(click.ecpm, event.getEcpm());
                return AppendOutcome.MERGED_CONVERSION;
            }
        }
        BehaviourEntry repeated = repeatOf(recent, objectId, action, time);
        if (repeated != null) {
            repeated.repeats++;
            repeated.lastTime = Math.max(repeated.lastTime, time);
            repeated.ecpm = maxEcpm(repeated.ecpm, event.getEcpm());
            return AppendOutcome.MERGED_REPEAT;
        }
        BehaviourEntry entry = entryOf(event, semanticId, category, time);
        BehaviourEntry last = recent.isEmpty() ? null : recent.get(recent.size() - 1);
        if (last != null && sameRun(last, entry)) {
            last.count++;
            last.lastTime = Math.max(last.lastTime, time);
            last.ecpm = maxEcpm(last.ecpm, event.getEcpm());
            return AppendOutcome.RUN_EXTENDED;
        }
        recent.add(entry);
        return AppendOutcome.NEW_ENTRY;
    }

    /** The newest unconverted click on the object within the attribution window before {@code time}. */
    private BehaviourEntry attributedClick(List<BehaviourEntry> recent, String objectId, long time) {
        for (int i = recent.size() - 1; i >= 0; i--) {
            BehaviourEntry e = recent.get(i);
            if (e.action == Action.CLICK && !e.converted && e.objectId.equals(objectId)
                    && time >= e.firstTime && time - e.firstTime <= options.attributionWindowMs) {
                return e;
            }
        }
        return null;
    }

    private BehaviourEntry repeatOf(List<BehaviourEntry> recent, String objectId, Action action, long time) {
        for (int i = recent.size() - 1; i >= 0; i--) {
            BehaviourEntry e = recent.get(i);
            if (e.action == action && e.objectId.equals(objectId)
                    && Math.abs(time - e.firstTime) <= options.repeatWindowMs) {
                return e;
            }
        }
        return null;
    }

    private boolean sameRun(BehaviourEntry last, BehaviourEntry next) {
        if (last.action != next.action || last.converted || next.action == Action.CONVERSION) {
            return false;
        }
        return switch (options.runKey) {
            case NONE -> false;
            case CATEGORY -> last.category != null && last.category.equals(next.category);
            case SID_PREFIX -> {
                String a = SidPrefix.of(last.semanticId, options.runSidPrefixLevels);
                yield a != null && a.equals(SidPrefix.of(next.semanticId, options.runSidPrefixLevels));
            }
        };
    }

    private BehaviourEntry entryOf(BehaviourEvent event, String semanticId, String category, long time) {
        BehaviourEntry e = new BehaviourEntry();
        e.objectId = event.getObjectId();
        e.semanticId = semanticId;
        e.action = event.getAction();
        e.firstTime = time;
        e.lastTime = time;
        e.ecpm = event.getEcpm();
        e.category = category;
        for (String feature : options.behaviourFeatures) {
            String value = event.getAttributes().get(feature);
            if (value != null) {
                e.features.put(feature, value);
            }
        }
        return e;
    }

    private static Double maxEcpm(Double a, Double b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Math.max(a, b);
    }
}
