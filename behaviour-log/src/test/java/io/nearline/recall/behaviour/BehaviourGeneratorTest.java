package io.nearline.recall.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.DeliveryStatus;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.UserProfileUpdate;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BehaviourGeneratorTest {

    private static final BehaviourLogOptions SMALL = BehaviourLogOptions.builder()
            .users(200).objects(500).categories(10).events(20_000).build();

    @Test
    void sameSeedGivesTheSameLog_otherSeedAnother() {
        List<BehaviourEvent> a = Fixtures.all(new BehaviourGenerator(SMALL));
        List<BehaviourEvent> b = Fixtures.all(new BehaviourGenerator(SMALL));
        assertEquals(a, b);
        assertEquals(new BehaviourGenerator(SMALL).catalogue(), new BehaviourGenerator(SMALL).catalogue());
        assertEquals(new BehaviourGenerator(SMALL).profiles(), new BehaviourGenerator(SMALL).profiles());
        assertNotEquals(a, Fixtures.all(new BehaviourGenerator(SMALL.withSeed(43))));
    }

    @Test
    void everyCallToEventsStartsTheSameStreamAfresh() {
        BehaviourGenerator log = new BehaviourGenerator(SMALL);
        Iterator<BehaviourEvent> first = log.events();
        BehaviourEvent head = first.next();
        first.next();
        assertEquals(head, log.events().next());
        assertEquals(Fixtures.all(log), Fixtures.all(log));
    }

    @Test
    void producesExactlyTheRequestedEventsInAscendingTimeWithUniqueIds() {
        List<BehaviourEvent> events = Fixtures.all(new BehaviourGenerator(SMALL));
        assertEquals(20_000, events.size());
        List<Long> times = Fixtures.times(events);
        for (int i = 1; i < times.size(); i++) {
            assertTrue(times.get(i - 1) <= times.get(i), "event " + i + " goes back in time");
        }
        assertEquals(events.size(), events.stream().map(BehaviourEvent::getEventId).collect(Collectors.toSet()).size());
        assertTrue(times.get(0) >= BehaviourGenerator.START.toEpochMilli());
        Iterator<BehaviourEvent> it = new BehaviourGenerator(SMALL.withEvents(1)).events();
        it.next();
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void aLogFarTooLargeToHoldStillStreamsItsFirstEvents() {
        Iterator<BehaviourEvent> events = new BehaviourGenerator(SMALL.withEvents(1_000_000_000_000L)).events();
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < 50_000; i++) {
            long t = events.next().getEventTime().toEpochMilli();
            assertTrue(previous <= t);
            previous = t;
        }
        assertTrue(events.hasNext());
    }

    @Test
    void adEventsReferToCatalogueObjectsAndContentViewsToContentItems() {
        BehaviourGenerator log = new BehaviourGenerator(SMALL);
        Set<String> objectIds = log.catalogue().stream().map(MarketingObject::getObjectId).collect(Collectors.toSet());
        for (BehaviourEvent e : Fixtures.all(log)) {
            if (e.getDomain() == Domain.AD) {
                assertTrue(objectIds.contains(e.getObjectId()), e.toString());
                assertTrue(e.getObjectId().startsWith("m"));
            } else {
                assertEquals(Action.CONTENT_VIEW, e.getAction());
                assertTrue(e.getObjectId().startsWith("c"), e.toString());
                assertEquals(log.contentCategory(e.getObjectId()), e.getAttributes().get("content_category"));
            }
        }
    }

    @Test
    void adImpressionsAndClicksCarryEcpm_conversionsCarryTheObjectsPrice() {
        BehaviourGenerator log = new BehaviourGenerator(SMALL);
        for (BehaviourEvent e : Fixtures.all(log)) {
            switch (e.getAction()) {
                case IMPRESSION, CLICK -> {
                    assertNotNull(e.getEcpm(), e.toString());
                    assertTrue(e.getEcpm() > 0);
                    assertNull(e.getPrice());
                }
                case CONVERSION -> {
                    assertNotNull(e.getPrice(), e.toString());
                    String listed = log.catalogue().get(Integer.parseInt(e.getObjectId().substring(1)) - 1)
                            .getAttributes().get("price");
                    assertEquals(Double.parseDouble(listed), e.getPrice());
                }
                case CONTENT_VIEW -> assertNull(e.getEcpm());
                default -> throw new AssertionError(e);
            }
        }
    }

    @Test
    void catalogueObjectsHaveConsistentTextAndMostlyDeliver() {
        BehaviourGenerator log = new BehaviourGenerator(BehaviourLogOptions.defaults().withEvents(0));
        List<MarketingObject> catalogue = log.catalogue();
        assertEquals(5000, catalogue.size());
        assertEquals("m1", catalogue.get(0).getObjectId());
        for (MarketingObject o : catalogue) {
            assertEquals(Set.of("title", "category", "brand", "industry"), o.getText().keySet());
            assertTrue(o.getText().get("title").startsWith(o.getText().get("brand") + " "), o.toString());
        }
        long delivering = catalogue.stream().filter(o -> o.getStatus() == DeliveryStatus.IN_DELIVERY).count();
        assertTrue(delivering > 4300 && delivering < 4700, "about 90% in delivery, got " + delivering);
        assertTrue(catalogue.stream().anyMatch(o -> o.getStatus() == DeliveryStatus.PAUSED));
        assertTrue(catalogue.stream().anyMatch(o -> o.getStatus() == DeliveryStatus.ENDED));
        assertEquals(50, catalogue.stream().map(o -> o.getText().get("category")).distinct().count());
    }

    @Test
    void titlesOfACategoryShareItsVocabulary() {
        BehaviourGenerator log = new BehaviourGenerator(SMALL.withEvents(0));
        for (MarketingObject o : log.catalogue()) {
            String category = o.getText().get("category");
            int index = java.util.stream.IntStream.range(0, SMALL.categories())
                    .filter(c -> CategoryVocabulary.name(c).equals(category)).findFirst().orElseThrow();
            Set<String> vocabulary = new HashSet<>(List.of(CategoryVocabulary.words(index)));
            vocabulary.addAll(List.of(CategoryVocabulary.modifiers()));
            String[] words = o.getText().get("title").split(" ");
            for (int w = 1; w < words.length; w++) {
                assertTrue(vocabulary.contains(words[w]), words[w] + " not in the vocabulary of " + category);
            }
        }
    }

    @Test
    void everyUserHasOneProfileWithRawAttributeCodesAndPositiveArpu() {
        BehaviourGenerator log = new BehaviourGenerator(SMALL.withEvents(0));
        List<UserProfileUpdate> profiles = log.profiles();
        assertEquals(200, profiles.size());
        assertEquals(200, profiles.stream().map(UserProfileUpdate::getUserId).distinct().count());
        for (UserProfileUpdate p : profiles) {
            assertEquals(Set.of("age_bucket", "gender", "region", "occupation"), p.getAttributes().keySet());
            assertTrue(p.getAttributes().get("age_bucket").startsWith("age_"));
            assertTrue(p.getAttributes().get("region").matches("region_\\d+"));
            assertTrue(p.getArpu() > 0);
            assertEquals(BehaviourGenerator.START, p.getUpdateTime());
        }
        int interests = log.interestCategories("u1").size();
        assertTrue(interests >= 1 && interests <= 3);
        assertThrows(IllegalArgumentException.class, () -> log.interestCategories("u201"));
    }

    @Test
    void nameCarriesTheSeed() {
        assertEquals("generator(seed=42)", BehaviourLogs.open("generator", SMALL.withEvents(0)).name());
    }
}
