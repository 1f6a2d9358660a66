package io.nearline.recall.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** With a served-recall hook, the profile's share of ad impressions shows what the hook serves. */
class ServedRecallTest {

    private static final BehaviourLogOptions SMALL = BehaviourLogOptions.builder()
            .users(200).objects(500).categories(10).events(20_000).profile("drifting").build();
    private static final List<String> SERVED = List.of("m400", "m450", "m499");

    @Test
    void aHookServingThreeObjectsGetsTheProfilesShareOfImpressions() {
        for (String profile : List.of("drifting", "classic")) {
            BehaviourGenerator log = new BehaviourGenerator(SMALL.withProfile(profile));
            double without = servedShare(collect(log.events()));
            double with = servedShare(collect(log.events((user, time) -> SERVED)));
            assertTrue(without < 0.02, profile + " without hook " + without);
            assertTrue(Math.abs(with - (without + (1 - without) * log.profile().servedShare())) < 0.03,
                    profile + " with hook " + with);
        }
    }

    @Test
    void aHookThatServesNothingLeavesTheLogAsItIs_andTheFixedLogStaysReplayable() {
        BehaviourGenerator log = new BehaviourGenerator(SMALL);
        List<BehaviourEvent> fixed = Fixtures.all(log);
        assertEquals(fixed, collect(log.events((user, time) -> List.of())));
        assertEquals(fixed, collect(log.events((user, time) -> null)));
        assertEquals(fixed, collect(log.events((user, time) -> List.of("m0", "x1", "m501"))));
        collect(log.events((user, time) -> SERVED));
        assertEquals(fixed, Fixtures.all(log));
    }

    @Test
    void theHookIsAskedInTimeOrderForTheUserAndTimeOfAnImpression_onTheRebasedClock() {
        BehaviourGenerator log = new BehaviourGenerator(SMALL.withRebaseEndTime(Instant.parse("2030-06-01T12:00:00Z")));
        List<String> calls = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        List<BehaviourEvent> events = collect(log.events((user, time) -> {
            calls.add(user + "@" + time);
            times.add(time);
            return SERVED;
        }));
        Set<String> impressions = new HashSet<>();
        for (BehaviourEvent e : events) {
            if (e.getAction() == Action.IMPRESSION) {
                impressions.add(e.getUserId() + "@" + e.getEventTime().toEpochMilli());
            }
        }
        assertTrue(calls.size() > 1000, "calls " + calls.size());
        assertTrue(impressions.containsAll(calls));
        for (int i = 1; i < times.size(); i++) {
            assertTrue(times.get(i - 1) <= times.get(i));
        }
        assertTrue(times.get(0) > Instant.parse("2030-01-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void aRecallServingTheSuccessorsOfTheLastClickEarnsMoreClicksThanAStaleOne() {
        BehaviourGenerator log = new BehaviourGenerator(SMALL.withEvents(60_000));
        long fresh = clicksServing(log, 0);
        long stale = clicksServing(log, 1);
        long fixed = clicks(collect(log.events()));
        long offInterest = clicks(collect(log.events((user, time) -> SERVED)));
        System.out.printf("clicks of 60,000 drifting events: recall of the last click's successors %d, of the click"
                + " before's %d, no hook %d, three fixed objects %d%n", fresh, stale, fixed, offInterest);
        assertTrue(fresh > 1.1 * stale, fresh + " vs " + stale);
        assertTrue(fresh > fixed, fresh + " vs " + fixed);
        assertTrue(offInterest < fixed, offInterest + " vs " + fixed);
    }

    /** Clicks when the hook serves the successors of the user's click {@code lag} clicks back (0 = the last). */
    private static long clicksServing(BehaviourGenerator log, int lag) {
        Map<String, List<String>> recentClicks = new HashMap<>();
        ServedRecall recall = (user, time) -> {
            List<String> recent = recentClicks.get(user);
            return recent == null || recent.size() <= lag ? null
                    : log.successors(recent.get(recent.size() - 1 - lag));
        };
        long clicks = 0;
        for (Iterator<BehaviourEvent> it = log.events(recall); it.hasNext(); ) {
            BehaviourEvent e = it.next();
            if (e.getAction() == Action.CLICK) {
                List<String> recent = recentClicks.computeIfAbsent(e.getUserId(), u -> new ArrayList<>());
                if (recent.isEmpty() || !recent.get(recent.size() - 1).equals(e.getObjectId())) {
                    recent.add(e.getObjectId());
                    if (recent.size() > 2) {
                        recent.remove(0);
                    }
                }
                clicks++;
            }
        }
        return clicks;
    }

    private static double servedShare(List<BehaviourEvent> events) {
        long impressions = 0;
        long served = 0;
        for (BehaviourEvent e : events) {
            if (e.getAction() == Action.IMPRESSION && e.getDomain() == Domain.AD) {
                impressions++;
                served += SERVED.contains(e.getObjectId()) ? 1 : 0;
            }
        }
        return (double) served / impressions;
    }

    private static long clicks(List<BehaviourEvent> events) {
        return events.stream().filter(e -> e.getAction() == Action.CLICK).count();
    }

    private static List<BehaviourEvent> collect(Iterator<BehaviourEvent> events) {
        List<BehaviourEvent> all = new ArrayList<>();
        events.forEachRemaining(all::add);
        return all;
    }
}
