package io.nearline.recall.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.UserProfileUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RebaseTest {

    private static final Instant END = Instant.parse("2030-06-01T12:00:00Z");

    @Test
    void rebasedGeneratorEndsAtTheInstantWithEveryGapAndEventKept() {
        BehaviourLogOptions options = BehaviourLogOptions.builder().users(100).objects(300).categories(10)
                .events(5_000).build();
        assertRebasedKeepsGaps(new BehaviourGenerator(options), new BehaviourGenerator(options.withRebaseEndTime(END)));
    }

    @Test
    void rebasedMovieLensEndsAtTheInstantWithEveryGapKept() {
        String source = Fixtures.resource("ml-100k-mini").toString();
        assertRebasedKeepsGaps(BehaviourLogs.open(source, BehaviourLogOptions.defaults()),
                BehaviourLogs.open(source, BehaviourLogOptions.defaults().withRebaseEndTime(END)));
    }

    @Test
    void rebasedBeautyEndsAtTheInstantWithEveryGapKept() {
        String source = Fixtures.resource("beauty-mini").toString();
        assertRebasedKeepsGaps(BehaviourLogs.open(source, BehaviourLogOptions.defaults()),
                BehaviourLogs.open(source, BehaviourLogOptions.defaults().withRebaseEndTime(END)));
    }

    private static void assertRebasedKeepsGaps(BehaviourLog original, BehaviourLog rebased) {
        List<BehaviourEvent> before = Fixtures.all(original);
        List<BehaviourEvent> after = Fixtures.all(rebased);
        assertEquals(before.size(), after.size());
        assertEquals(END, after.get(after.size() - 1).getEventTime());
        long offset = END.toEpochMilli() - before.get(before.size() - 1).getEventTime().toEpochMilli();
        assertNotEquals(0L, offset);
        assertEquals(gaps(before), gaps(after));
        for (int i = 0; i < before.size(); i++) {
            BehaviourEvent shiftedBack = BehaviourEvent.newBuilder(after.get(i))
                    .setEventTime(after.get(i).getEventTime().minusMillis(offset)).build();
            assertEquals(before.get(i), shiftedBack, "only the time moves");
        }
        for (int i = 0; i < original.profiles().size(); i++) {
            UserProfileUpdate p = original.profiles().get(i);
            UserProfileUpdate q = rebased.profiles().get(i);
            assertEquals(p.getUpdateTime().plusMillis(offset), q.getUpdateTime());
            assertEquals(p.getArpu(), q.getArpu());
        }
        for (int i = 0; i < original.catalogue().size(); i++) {
            MarketingObject o = original.catalogue().get(i);
            assertEquals(o.getUpdateTime().plusMillis(offset), rebased.catalogue().get(i).getUpdateTime());
        }
    }

    private static List<Long> gaps(List<BehaviourEvent> events) {
        List<Long> times = Fixtures.times(events);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(times.get(i) - times.get(i - 1));
        }
        return gaps;
    }
}
