package io.nearline.recall.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nearline.recall.avro.BehaviourEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Reads the published datasets when they are present (the team's checkout has them in ../../shared/datasets, or
 * -Ddatasets.dir=...) and checks the figures their README states; skipped elsewhere.
 */
class RealDatasetsTest {

    private static final Path DATASETS = Path.of(System.getProperty("datasets.dir", "../../shared/datasets"));

    @Test
    void movieLens100kHas100000RatingsBy943UsersOn1682Items() {
        Path dir = DATASETS.resolve("ml-100k");
        assumeTrue(Files.isRegularFile(dir.resolve("u.data")), "MovieLens-100K not present at " + dir);
        BehaviourLog log = BehaviourLogs.open(dir.toString(), BehaviourLogOptions.defaults());
        assertCounts(log, 100_000, 943, 1_682);
    }

    @Test
    void amazonBeauty5coreHas198502InteractionsBy22363UsersOn12101Items() {
        Path file = DATASETS.resolve("amazon-beauty-5core").resolve("Beauty.txt");
        assumeTrue(Files.isRegularFile(file), "Amazon Beauty not present at " + file);
        BehaviourLog log = BehaviourLogs.open(file.toString(), BehaviourLogOptions.defaults());
        assertCounts(log, 198_502, 22_363, 12_101);
    }

    private static void assertCounts(BehaviourLog log, int events, int users, int items) {
        int count = 0;
        long previous = Long.MIN_VALUE;
        Set<String> userIds = new HashSet<>();
        Set<String> objectIds = new HashSet<>();
        for (Iterator<BehaviourEvent> it = log.events(); it.hasNext(); ) {
            BehaviourEvent e = it.next();
            long t = e.getEventTime().toEpochMilli();
            if (t < previous) {
                throw new AssertionError("event " + count + " goes back in time");
            }
            previous = t;
            userIds.add(e.getUserId());
            objectIds.add(e.getObjectId());
            count++;
        }
        assertEquals(events, count);
        assertEquals(users, userIds.size());
        assertEquals(items, objectIds.size());
        assertEquals(users, log.profiles().size());
        assertEquals(items, log.catalogue().size());
    }
}
