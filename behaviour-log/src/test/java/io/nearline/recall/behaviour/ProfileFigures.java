package io.nearline.recall.behaviour;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.MarketingObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a generated log offers a sequence-reading recall, measured against one successor table (a drifting world's):
 * how often a user's next ad click (on a new object) is a listed successor of their previous click, of the click
 * before that (a recall made before the last click), or one of the three most clicked objects of the previous
 * click's category; and, per day, the share of clicks in the user's day-0 interest categories.
 */
record ProfileFigures(long scoredClicks, double successorShare, double staleSuccessorShare, double popularityShare,
                      double[] dayZeroInterestShare) {

    static ProfileFigures measure(BehaviourGenerator log, BehaviourGenerator successorWorld, int days) {
        Map<String, String> categoryOf = log.catalogue().stream()
                .collect(Collectors.toMap(MarketingObject::getObjectId, o -> o.getText().get("category")));
        List<BehaviourEvent> clicks = new ArrayList<>();
        Map<String, Long> clicksPerObject = new HashMap<>();
        for (Iterator<BehaviourEvent> it = log.events(); it.hasNext(); ) {
            BehaviourEvent e = it.next();
            if (e.getAction() == Action.CLICK) {
                clicks.add(e);
                clicksPerObject.merge(e.getObjectId(), 1L, Long::sum);
            }
        }
        Map<String, List<String>> topOfCategory = new HashMap<>();
        clicksPerObject.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(entry -> {
                    List<String> top = topOfCategory.computeIfAbsent(categoryOf.get(entry.getKey()),
                            c -> new ArrayList<>());
                    if (top.size() < 3) {
                        top.add(entry.getKey());
                    }
                });
        Map<String, String[]> lastTwo = new HashMap<>();
        Map<String, Set<String>> dayZero = new HashMap<>();
        long scored = 0;
        long fresh = 0;
        long stale = 0;
        long popular = 0;
        long[] inDayZero = new long[days];
        long[] perDay = new long[days];
        long start = BehaviourGenerator.START.toEpochMilli();
        for (BehaviourEvent click : clicks) {
            String user = click.getUserId();
            String object = click.getObjectId();
            int day = (int) ((click.getEventTime().toEpochMilli() - start) / InterestDrift.DAY_MILLIS);
            if (day < days) {
                perDay[day]++;
                Set<String> interests = dayZero.computeIfAbsent(user, u -> new HashSet<>(log.interestCategories(u)));
                if (interests.contains(categoryOf.get(object))) {
                    inDayZero[day]++;
                }
            }
            String[] previous = lastTwo.computeIfAbsent(user, u -> new String[2]);
            if (object.equals(previous[0])) {
                continue;
            }
            if (previous[0] != null && previous[1] != null) {
                scored++;
                fresh += successorWorld.successors(previous[0]).contains(object) ? 1 : 0;
                stale += successorWorld.successors(previous[1]).contains(object) ? 1 : 0;
                popular += topOfCategory.get(categoryOf.get(previous[0])).contains(object) ? 1 : 0;
            }
            previous[1] = previous[0];
            previous[0] = object;
        }
        double[] shares = new double[days];
        for (int d = 0; d < days; d++) {
            shares[d] = perDay[d] == 0 ? Double.NaN : (double) inDayZero[d] / perDay[d];
        }
        return new ProfileFigures(scored, (double) fresh / scored, (double) stale / scored, (double) popular / scored,
                shares);
    }

    @Override
    public String toString() {
        StringBuilder days = new StringBuilder();
        for (double share : dayZeroInterestShare) {
            days.append(String.format(" %.3f", share));
        }
        return String.format("clicks scored %d | next click a successor of the previous click %.3f, of the one"
                + " before %.3f, top-3 of the category %.3f | day-0 interest share by day%s", scoredClicks,
                successorShare, staleSuccessorShare, popularityShare, days);
    }
}
