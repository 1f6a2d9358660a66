package io.nearline.recall.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.DeliveryStatus;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.UserProfileUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensReaderTest {

    private static final Path MINI = Fixtures.resource("ml-100k-mini");

    private final BehaviourLog log = BehaviourLogs.open(MINI.toString(), BehaviourLogOptions.defaults());

    @Test
    void ratingsBecomeEventsSortedByTimeWithTiesInFileOrder() {
        List<BehaviourEvent> events = Fixtures.all(log);
        assertEquals(List.of("ml-8", "ml-3", "ml-2", "ml-5", "ml-1", "ml-4", "ml-6", "ml-7"),
                events.stream().map(BehaviourEvent::getEventId).toList());
        BehaviourEvent first = events.get(0);
        assertEquals("u2", first.getUserId());
        assertEquals("m4", first.getObjectId());
        assertEquals(Instant.ofEpochSecond(881250700L), first.getEventTime());
        assertEquals(Domain.AD, first.getDomain());
        assertEquals(Map.of("rating", "4"), first.getAttributes());
        assertNull(first.getPrice());
        assertNull(first.getEcpm());
    }

    @Test
    void rating5IsConversion_rating4IsClick_ratings1To3AreImpressions() {
        for (BehaviourEvent e : Fixtures.all(log)) {
            int rating = Integer.parseInt(e.getAttributes().get("rating"));
            Action expected = rating == 5 ? Action.CONVERSION : rating == 4 ? Action.CLICK : Action.IMPRESSION;
            assertEquals(expected, e.getAction(), e.toString());
        }
        assertEquals(Action.IMPRESSION, MovieLensReader.action(1));
        assertEquals(Action.IMPRESSION, MovieLensReader.action(3));
    }

    @Test
    void catalogueHoldsEveryItemWithLatin1TitleGenresAndYear() {
        Map<String, MarketingObject> byId = log.catalogue().stream()
                .collect(Collectors.toMap(MarketingObject::getObjectId, Function.identity()));
        assertEquals(5, byId.size(), "items never rated are in the catalogue too");
        MarketingObject cafe = byId.get("m3");
        assertEquals("Café au Lait (1993)", cafe.getText().get("title"));
        assertEquals("Comedy", cafe.getText().get("category"));
        assertEquals("1993", cafe.getText().get("year"));
        MarketingObject toyStory = byId.get("m1");
        assertEquals("Animation,Children's,Comedy", toyStory.getText().get("genres"));
        assertEquals("Animation", toyStory.getText().get("category"), "category is the first genre");
        MarketingObject unknown = byId.get("m4");
        assertEquals("unknown", unknown.getText().get("category"));
        assertFalse(unknown.getText().containsKey("year"), "no release date, no year");
        assertTrue(log.catalogue().stream().allMatch(o -> o.getStatus() == DeliveryStatus.IN_DELIVERY));
    }

    @Test
    void profilesCarryBucketedAgeGenderOccupationAndZipRegion() {
        Map<String, UserProfileUpdate> byId = log.profiles().stream()
                .collect(Collectors.toMap(UserProfileUpdate::getUserId, Function.identity()));
        assertEquals(3, byId.size());
        assertEquals(Map.of("age_bucket", "age_18_24", "gender", "gender_m", "occupation", "technician",
                "region", "region_8"), byId.get("u1").getAttributes());
        assertEquals("age_45_54", byId.get("u2").getAttributes().get("age_bucket"));
        assertEquals("age_under_18", byId.get("u3").getAttributes().get("age_bucket"));
        assertEquals("region_t", byId.get("u3").getAttributes().get("region"), "Canadian postal codes keep their letter");
    }

    @Test
    void arpuIsDerivedDeterministicallyFromSeedAndActivity() {
        BehaviourLog again = BehaviourLogs.open(MINI.toString(), BehaviourLogOptions.defaults());
        BehaviourLog otherSeed = BehaviourLogs.open(MINI.toString(), BehaviourLogOptions.defaults().withSeed(7));
        assertEquals(arpus(log), arpus(again));
        assertNotEquals(arpus(log), arpus(otherSeed));
        assertTrue(arpus(log).stream().allMatch(a -> a > 0));
        assertTrue(DerivedArpu.of(1, "u1", 1000) > DerivedArpu.of(1, "u1", 10), "more activity, more ARPU");
    }

    @Test
    void malformedRatingLineIsReportedWithFileLineAndReason(@TempDir Path dir) throws IOException {
        copyFixture(dir);
        Files.writeString(dir.resolve("u.data"), "1\t2\tfive\t881250949\n", StandardOpenOption.APPEND);
        MalformedLogException e = assertThrows(MalformedLogException.class,
                () -> BehaviourLogs.open(dir.toString(), BehaviourLogOptions.defaults()));
        assertEquals(dir.resolve("u.data"), e.file());
        assertEquals(9, e.line());
        assertTrue(e.reason().contains("rating"), e.getMessage());
    }

    @Test
    void ratingOfAnItemMissingFromUItemIsRejected(@TempDir Path dir) throws IOException {
        copyFixture(dir);
        Files.writeString(dir.resolve("u.data"), "1\t99\t3\t881250949\n", StandardOpenOption.APPEND);
        MalformedLogException e = assertThrows(MalformedLogException.class,
                () -> BehaviourLogs.open(dir.toString(), BehaviourLogOptions.defaults()));
        assertEquals(9, e.line());
        assertTrue(e.reason().contains("item 99"), e.getMessage());
    }

    @Test
    void itemLineWithTooFewGenreFlagsIsRejected(@TempDir Path dir) throws IOException {
        copyFixture(dir);
        Files.writeString(dir.resolve("u.item"), "6|Short (1990)|01-Jan-1990|||0|1\n", StandardOpenOption.APPEND);
        MalformedLogException e = assertThrows(MalformedLogException.class,
                () -> BehaviourLogs.open(dir.toString(), BehaviourLogOptions.defaults()));
        assertEquals(6, e.line());
        assertTrue(e.reason().contains("expected 24"), e.getMessage());
    }

    @Test
    void missingUserFileIsReported(@TempDir Path dir) throws IOException {
        copyFixture(dir);
        Files.delete(dir.resolve("u.user"));
        MalformedLogException e = assertThrows(MalformedLogException.class,
                () -> BehaviourLogs.open(dir.toString(), BehaviourLogOptions.defaults()));
        assertEquals(dir.resolve("u.user"), e.file());
    }

    private static List<Double> arpus(BehaviourLog log) {
        return log.profiles().stream().map(UserProfileUpdate::getArpu).toList();
    }

    static void copyFixture(Path dir) throws IOException {
        for (String name : List.of("u.data", "u.item", "u.user", "u.genre")) {
            Files.copy(MINI.resolve(name), dir.resolve(name));
        }
    }
}
