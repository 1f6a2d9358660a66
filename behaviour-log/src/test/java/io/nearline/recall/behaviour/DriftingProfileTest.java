package io.nearline.recall.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.MarketingObject;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The drifting profile: successors within a category a recent click predicts, interests that move day by day. */
class DriftingProfileTest {

    private static final int DAYS = 7;
    private static final BehaviourLogOptions SMALL = BehaviourLogOptions.builder()
            .users(200).objects(500).categories(10).events(20_000).profile("drifting").build();

    private static BehaviourGenerator drifting;
    private static ProfileFigures driftingFigures;
    private static ProfileFigures classicFigures;

    @BeforeAll
    static void measureTheDefaultWorldInBothProfiles() {
        drifting = new BehaviourGenerator(BehaviourLogOptions.defaults().withProfile("drifting"));
        BehaviourGenerator classic = new BehaviourGenerator(BehaviourLogOptions.defaults());
        driftingFigures = ProfileFigures.measure(drifting, drifting, DAYS);
        classicFigures = ProfileFigures.measure(classic, drifting, DAYS);
        System.out.println("drifting: " + driftingFigures);
        System.out.println("classic:  " + classicFigures);
    }

    @Test
    void sameSeedGivesTheSameDriftingLog_everyCallAfresh_andItDiffersFromClassic() {
        BehaviourGenerator log = new BehaviourGenerator(SMALL);
        assertEquals(Fixtures.all(log), Fixtures.all(log));
        assertEquals(Fixtures.all(log), Fixtures.all(new BehaviourGenerator(SMALL)));
        assertNotEquals(Fixtures.all(log), Fixtures.all(new BehaviourGenerator(SMALL.withProfile("classic"))));
        assertEquals(new BehaviourGenerator(SMALL.withProfile("classic")).catalogue(), log.catalogue());
        assertEquals(new BehaviourGenerator(SMALL.withProfile("classic")).profiles(), log.profiles());
        assertEquals("generator(seed=42, profile=drifting)", BehaviourLogs.open("generator", SMALL).name());
        assertEquals(GeneratorProfile.DRIFTING, log.profile());
    }

    @Test
    void everyObjectListsDistinctSuccessorsOfItsOwnCategory_classicNone() {
        BehaviourGenerator log = new BehaviourGenerator(SMALL);
        Map<String, String> categoryOf = log.catalogue().stream()
                .collect(Collectors.toMap(MarketingObject::getObjectId, o -> o.getText().get("category")));
        for (MarketingObject o : log.catalogue()) {
            List<String> successors = log.successors(o.getObjectId());
            assertEquals(GeneratorProfile.DRIFTING.successors(), successors.size(), o.getObjectId());
            assertEquals(successors.size(), new HashSet<>(successors).size());
            assertTrue(!successors.contains(o.getObjectId()));
            for (String next : successors) {
                assertEquals(categoryOf.get(o.getObjectId()), categoryOf.get(next));
            }
        }
        assertEquals(List.of(), new BehaviourGenerator(SMALL.withProfile("classic")).successors("m1"));
    }

    @Test
    void theNextClickIsASuccessorOfThePreviousOneFarMoreOftenThanInClassic() {
        assertTrue(driftingFigures.successorShare() > 0.3, driftingFigures.toString());
        assertTrue(driftingFigures.successorShare() > 5 * classicFigures.successorShare(),
                driftingFigures + " vs " + classicFigures);
    }

    @Test
    void aRecallMadeBeforeTheLastClickPredictsWorse_andTheSequenceBeatsPopularity() {
        assertTrue(driftingFigures.staleSuccessorShare() < driftingFigures.successorShare() / 2,
                driftingFigures.toString());
        assertTrue(driftingFigures.successorShare() > 2 * driftingFigures.popularityShare(),
                driftingFigures.toString());
    }

    @Test
    void clicksLeaveTheDayZeroInterestsDayByDayInDrifting_stayInClassic() {
        double[] d = driftingFigures.dayZeroInterestShare();
        double[] c = classicFigures.dayZeroInterestShare();
        for (int day = 1; day < DAYS; day++) {
            assertTrue(d[day] < d[day - 1] + 0.02, "drifting day " + day + ": " + driftingFigures);
        }
        assertTrue(d[DAYS - 1] < d[0] - 0.3, driftingFigures.toString());
        for (int day = 0; day < DAYS; day++) {
            assertTrue(Math.abs(c[day] - c[0]) < 0.03, "classic day " + day + ": " + classicFigures);
        }
    }

    @Test
    void interestsOnADayAreTheGroundTruth_dayZeroTheLastingOnes_classicNeverMoves() {
        BehaviourGenerator log = new BehaviourGenerator(SMALL);
        BehaviourGenerator classic = new BehaviourGenerator(SMALL.withProfile("classic"));
        Instant later = BehaviourGenerator.START.plusSeconds(6 * 86_400 + 3_600);
        int moved = 0;
        for (int u = 1; u <= SMALL.users(); u++) {
            String user = "u" + u;
            assertEquals(log.interestCategories(user), log.interestCategories(user, BehaviourGenerator.START));
            assertEquals(log.interestCategories(user, later), log.interestCategories(user, later));
            List<String> now = log.interestCategories(user, later);
            assertEquals(log.interestCategories(user).size(), now.size());
            assertEquals(now.size(), new HashSet<>(now).size());
            moved += now.equals(log.interestCategories(user)) ? 0 : 1;
            assertEquals(classic.interestCategories(user), classic.interestCategories(user, later));
        }
        // Six daily chances of 0.3 each: about 1 - 0.7^6 = 88% of users have swapped at least once.
        assertTrue(moved > 0.75 * SMALL.users() && moved < 0.97 * SMALL.users(), "moved " + moved);
    }

    @Test
    void adClicksFollowTheUsersInterestsOfTheirDay() {
        BehaviourGenerator log = new BehaviourGenerator(SMALL);
        Map<String, String> categoryOf = log.catalogue().stream()
                .collect(Collectors.toMap(MarketingObject::getObjectId, o -> o.getText().get("category")));
        long clicks = 0;
        long inInterests = 0;
        for (var e : Fixtures.all(log)) {
            if (e.getAction() == io.nearline.recall.avro.Action.CLICK) {
                clicks++;
                Set<String> today = new HashSet<>(log.interestCategories(e.getUserId(), e.getEventTime()));
                inInterests += today.contains(categoryOf.get(e.getObjectId())) ? 1 : 0;
            }
        }
        assertTrue(inInterests > 0.85 * clicks, inInterests + " of " + clicks);
    }
}
