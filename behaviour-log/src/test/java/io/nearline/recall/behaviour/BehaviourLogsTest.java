package io.nearline.recall.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BehaviourLogsTest {

    @Test
    void sourceNamesSelectTheGeneratorOrTheDatasetReader() {
        BehaviourLogOptions options = BehaviourLogOptions.defaults().withEvents(10).withUsers(10).withObjects(50)
                .withCategories(5);
        assertInstanceOf(BehaviourGenerator.class, BehaviourLogs.open("generator", options));
        assertEquals("movielens-100k", BehaviourLogs.open(Fixtures.resource("ml-100k-mini").toString(), options).name());
        assertEquals("amazon-beauty-5core", BehaviourLogs.open(Fixtures.resource("beauty-mini").toString(), options).name());
    }

    @Test
    void anUnknownSourceIsAClearError(@TempDir Path empty) {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> BehaviourLogs.open(empty.resolve("nope").toString(), BehaviourLogOptions.defaults()));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> BehaviourLogs.open(empty.toString(), BehaviourLogOptions.defaults()));
        assertTrue(wrong.getMessage().contains("u.data"), wrong.getMessage());
    }

    @Test
    void sequencesListEachUsersKeptObjectsInTimeOrder() {
        BehaviourLog log = BehaviourLogs.open(Fixtures.resource("ml-100k-mini").toString(),
                BehaviourLogOptions.defaults());
        Map<String, List<String>> all = BehaviourLogs.sequences(log, e -> true);
        assertEquals(List.of("u2", "u1", "u3"), List.copyOf(all.keySet()), "users in order of first event");
        assertEquals(List.of("m4", "m1", "m2"), all.get("u2"));
        assertEquals(List.of("m1", "m2", "m3"), all.get("u1"));
        Map<String, List<String>> positive = BehaviourLogs.sequences(log,
                (BehaviourEvent e) -> e.getAction() != Action.IMPRESSION);
        assertEquals(List.of("m1", "m2"), positive.get("u1"));
        assertEquals(List.of("m4"), positive.get("u3"));
    }
}
