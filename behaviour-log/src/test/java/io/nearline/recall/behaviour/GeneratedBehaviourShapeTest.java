package io.nearline.recall.behaviour;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.UserProfileUpdate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default generator's log has the statistical shape of an ad platform's: tails, interests, funnel. */
class GeneratedBehaviourShapeTest {

    private static BehaviourGenerator log;
    private static Map<Action, Long> actions;
    private static Map<String, Long> clicksPerObject;
    private static Map<String, Long> eventsPerUser;
    private static Map<String, Map<String, Long>> adCategoriesPerUser;
    private static List<BehaviourEvent> clicksAndConversions;

    @BeforeAll
    static void generateDefaultLog() {
        log = new BehaviourGenerator(BehaviourLogOptions.defaults());
        Map<String, String> categoryOf = log.catalogue().stream()
                .collect(Collectors.toMap(MarketingObject::getObjectId, o -> o.getText().get("category")));
        actions = new HashMap<>();
        clicksPerObject = new HashMap<>();
        eventsPerUser = new HashMap<>();
        adCategoriesPerUser = new HashMap<>();
        clicksAndConversions = new ArrayList<>();
        for (Iterator<BehaviourEvent> it = log.events(); it.hasNext(); ) {
            BehaviourEvent e = it.next();
            actions.merge(e.getAction(), 1L, Long::sum);
            eventsPerUser.merge(e.getUserId(), 1L, Long::sum);
            if (e.getDomain() == Domain.AD) {
                adCategoriesPerUser.computeIfAbsent(e.getUserId(), u -> new HashMap<>())
                        .merge(categoryOf.get(e.getObjectId()), 1L, Long::sum);
            }
            if (e.getAction() == Action.CLICK) {
                clicksPerObject.merge(e.getObjectId(), 1L, Long::sum);
            }
            if (e.getAction() == Action.CLICK || e.getAction() == Action.CONVERSION) {
                clicksAndConversions.add(e);
            }
        }
    }

    @Test
    void topOnePercentOfObjectsDrawAFifthOfAllClicks() {
        double share = topShare(clicksPerObject, log.catalogue().size() / 100);
        assertTrue(share > 0.2 && share < 0.6, "top 1% of objects draw " + share + " of clicks (uniform: 0.01)");
    }

    @Test
    void topTenPercentOfUsersProduceAThirdOfAllEvents() {
        double share = topShare(eventsPerUser, log.profiles().size() / 10);
        assertTrue(share > 0.3 && share < 0.7, "top 10% of users produce " + share + " of events (uniform: 0.1)");
    }

    @Test
    void usersAdBehaviourConcentratesOnTheirInterestCategories() {
        long inInterest = 0;
        long total = 0;
        for (Map.Entry<String, Map<String, Long>> user : adCategoriesPerUser.entrySet()) {
            Set<String> interests = Set.copyOf(log.interestCategories(user.getKey()));
            for (Map.Entry<String, Long> category : user.getValue().entrySet()) {
                total += category.getValue();
                if (interests.contains(category.getKey())) {
                    inInterest += category.getValue();
                }
            }
        }
        double share = (double) inInterest / total;
        // 1-3 of 50 categories: without lasting interests this share would be a few percent.
        assertTrue(share > 0.8 && share < 0.95, "share of ad behaviour in the user's interests: " + share);
    }

    @Test
    void funnelRatesArePlausible_impressionsToClicksToConversions() {
        double ctr = (double) actions.get(Action.CLICK) / actions.get(Action.IMPRESSION);
        double cvr = (double) actions.get(Action.CONVERSION) / actions.get(Action.CLICK);
        double content = (double) actions.get(Action.CONTENT_VIEW) / 200_000;
        assertTrue(ctr > 0.03 && ctr < 0.06, "CTR " + ctr);
        assertTrue(cvr > 0.03 && cvr < 0.07, "CVR " + cvr);
        assertTrue(content > 0.25 && content < 0.35, "content view share " + content);
    }

    @Test
    void everyConversionFollowsAClickOnTheSameObjectShortlyBefore_andSomeClicksRepeat() {
        Map<String, Long> lastClick = new HashMap<>();
        int repeats = 0;
        for (BehaviourEvent e : clicksAndConversions) {
            String key = e.getUserId() + "/" + e.getObjectId();
            long t = e.getEventTime().toEpochMilli();
            if (e.getAction() == Action.CLICK) {
                Long previous = lastClick.put(key, t);
                if (previous != null && t - previous <= 10_000L) {
                    repeats++;
                }
            } else {
                Long click = lastClick.get(key);
                assertTrue(click != null && t - click > 0 && t - click < 24 * 3_600_000L,
                        "conversion without a recent click: " + e);
            }
        }
        double repeatShare = (double) repeats / actions.get(Action.CLICK);
        assertTrue(repeatShare > 0.05 && repeatShare < 0.15, "repeated clicks " + repeatShare);
    }

    @Test
    void arpuIsHeavyTailed() {
        List<Double> arpu = log.profiles().stream().map(UserProfileUpdate::getArpu).sorted().toList();
        double median = arpu.get(arpu.size() / 2);
        double p99 = arpu.get(arpu.size() * 99 / 100);
        assertTrue(p99 > 5 * median, "p99 " + p99 + " vs median " + median);
    }

    private static double topShare(Map<String, Long> counts, int top) {
        List<Long> sorted = counts.values().stream().sorted(Comparator.reverseOrder()).toList();
        long total = sorted.stream().mapToLong(Long::longValue).sum();
        return (double) sorted.stream().limit(top).mapToLong(Long::longValue).sum() / total;
    }
}
