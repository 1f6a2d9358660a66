package io.nearline.recall.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AmazonBeautyReaderTest {

    private static final Path DIR = Fixtures.resource("beauty-mini");

    private final BehaviourLog log = BehaviourLogs.open(DIR.toString(), BehaviourLogOptions.defaults());

    @Test
    void everyItemOfEveryLineBecomesAnAdClickWithAUniqueId() {
        List<BehaviourEvent> events = Fixtures.all(log);
        assertEquals(5 + 7 + 5, events.size());
        assertTrue(events.stream().allMatch(e -> e.getAction() == Action.CLICK && e.getDomain() == Domain.AD));
        assertEquals(events.size(), new HashSet<>(events.stream().map(BehaviourEvent::getEventId).toList()).size());
    }

    @Test
    void eachUsersSequenceKeepsItsFileOrderWhileUsersInterleave() {
        Map<String, List<String>> sequences = BehaviourLogs.sequences(log, e -> true);
        assertEquals(List.of("m1", "m2", "m3", "m4", "m5"), sequences.get("u1"));
        assertEquals(List.of("m6", "m7", "m8", "m9", "m10", "m4", "m11"), sequences.get("u2"));
        assertEquals(List.of("m4", "m12", "m13", "m14", "m15"), sequences.get("u3"));
        List<Long> times = Fixtures.times(Fixtures.all(log));
        assertEquals(times.stream().sorted().toList(), times);
    }

    @Test
    void synthesisedTimesDependOnSeedAndUserOnly() {
        assertEquals(Fixtures.times(Fixtures.all(log)),
                Fixtures.times(Fixtures.all(BehaviourLogs.open(DIR.toString(), BehaviourLogOptions.defaults()))));
        assertNotEquals(Fixtures.times(Fixtures.all(log)), Fixtures.times(Fixtures.all(
                BehaviourLogs.open(DIR.toString(), BehaviourLogOptions.defaults().withSeed(1)))));
        long[] times = AmazonBeautyReader.times(42, "u1", 50);
        for (int k = 1; k < times.length; k++) {
            assertTrue(times[k] - times[k - 1] >= 1_000L, "gaps of at least a second keep the user's order");
        }
        assertTrue(times[0] >= AmazonBeautyReader.EPOCH.toEpochMilli());
    }

    @Test
    void catalogueHasEveryItemOnceWithoutTextAndProfilesHaveArpuOnly() {
        assertEquals(15, log.catalogue().size());
        assertTrue(log.catalogue().stream().allMatch(o -> o.getText().isEmpty()
                && o.getStatus() == DeliveryStatus.IN_DELIVERY));
        assertEquals("m1", log.catalogue().get(0).getObjectId());
        assertEquals(15, log.catalogue().stream().map(MarketingObject::getObjectId).distinct().count());
        assertEquals(List.of("u1", "u2", "u3"), log.profiles().stream().map(UserProfileUpdate::getUserId).toList());
        assertTrue(log.profiles().stream().allMatch(p -> p.getAttributes().isEmpty() && p.getArpu() > 0));
    }

    @Test
    void theFileItselfOpensLikeItsDirectory() {
        BehaviourLog byFile = BehaviourLogs.open(DIR.resolve("Beauty.txt").toString(), BehaviourLogOptions.defaults());
        assertEquals("amazon-beauty-5core", byFile.name());
        assertEquals(Fixtures.all(log), Fixtures.all(byFile));
    }

    @Test
    void nonNumericItemIsReportedWithItsLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("Beauty.txt");
        Files.writeString(file, "1 1 2\n2 3 x4\n");
        MalformedLogException e = assertThrows(MalformedLogException.class,
                () -> BehaviourLogs.open(file.toString(), BehaviourLogOptions.defaults()));
        assertEquals(2, e.line());
        assertTrue(e.reason().contains("x4"), e.getMessage());
    }

    @Test
    void repeatedUserAndUserWithoutItemsAreRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("Beauty.txt");
        Files.writeString(file, "1 1 2\n1 3 4\n");
        MalformedLogException repeated = assertThrows(MalformedLogException.class,
                () -> BehaviourLogs.open(dir.toString(), BehaviourLogOptions.defaults()));
        assertTrue(repeated.reason().contains("already appeared on line 1"), repeated.getMessage());
        Files.writeString(file, "1 1 2\n2\n");
        MalformedLogException empty = assertThrows(MalformedLogException.class,
                () -> BehaviourLogs.open(dir.toString(), BehaviourLogOptions.defaults()));
        assertEquals(2, empty.line());
    }
}
