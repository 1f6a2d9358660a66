package io.nearline.recall.tradeoff;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.tiering.ArpuSegments;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The non-personal recall the ad server falls back to for a user without a recall: the objects most clicked and
 * converted on in the history by users of the same ARPU segment, topped up from the whole history's. The segments
 * are fixed (not the rule set's tiers), so the same fallback applies to every rule set being compared.
 */
public final class PopularityFallback {

    private final Map<String, Map<String, Long>> countsBySegment = new HashMap<>();
    private final Map<String, Long> overall = new HashMap<>();
    private final Map<String, List<String>> lists = new HashMap<>();
    private final int depth;

    PopularityFallback(int depth) {
        this.depth = depth;
    }

    /**
     * The fallback of a log's history: every ad click and conversion before {@code cutMillis}, counted in the
     * segment of the user's profile at its time (what the simulation counts as it replays).
     */
    public static PopularityFallback ofHistory(BehaviourLog log, long cutMillis, ArpuSegments segments, int depth) {
        PopularityFallback fallback = new PopularityFallback(depth);
        List<UserProfileUpdate> updates = new ArrayList<>(log.profiles());
        updates.sort(Comparator.comparing(UserProfileUpdate::getUpdateTime));
        Map<String, UserProfileUpdate> profiles = new HashMap<>();
        int next = 0;
        for (Iterator<BehaviourEvent> it = log.events(); it.hasNext(); ) {
            BehaviourEvent e = it.next();
            long now = e.getEventTime().toEpochMilli();
            if (now >= cutMillis) {
                break;
            }
            while (next < updates.size() && updates.get(next).getUpdateTime().toEpochMilli() <= now) {
                profiles.put(updates.get(next).getUserId(), updates.get(next));
                next++;
            }
            if (isEngagement(e)) {
                fallback.count(segments.of(profiles.get(e.getUserId())), e.getObjectId());
            }
        }
        return fallback;
    }

    /** Whether a behaviour is an engagement the fallback counts (an ad click or conversion). */
    static boolean isEngagement(BehaviourEvent event) {
        return event.getDomain() == Domain.AD
                && (event.getAction() == Action.CLICK || event.getAction() == Action.CONVERSION);
    }

    /** The segments that have counts of their own. */
    public Set<String> segments() {
        return Set.copyOf(countsBySegment.keySet());
    }

    void count(String segment, String objectId) {
        countsBySegment.computeIfAbsent(segment, s -> new HashMap<>()).merge(objectId, 1L, Long::sum);
        overall.merge(objectId, 1L, Long::sum);
        lists.clear();
    }

    /** The segment's list, best first; at most {@code depth} objects, fewer only when the history has fewer. */
    public List<String> forSegment(String segment) {
        return lists.computeIfAbsent(segment, s -> {
            Set<String> list = new LinkedHashSet<>(top(countsBySegment.getOrDefault(s, Map.of())));
            for (String objectId : top(overall)) {
                if (list.size() >= depth) {
                    break;
                }
                list.add(objectId);
            }
            return List.copyOf(list);
        });
    }

    private List<String> top(Map<String, Long> counts) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        return entries.stream().limit(depth).map(Map.Entry::getKey).toList();
    }
}
