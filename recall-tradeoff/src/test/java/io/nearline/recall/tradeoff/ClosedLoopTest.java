package io.nearline.recall.tradeoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.behaviour.BehaviourGenerator;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.tiering.ArpuSegments;
import io.nearline.recall.tiering.TriggerRules;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClosedLoopTest {

    private static final TriggerRules EVERY_EVENT = HandBuiltLog.rules("every", "    fireAtGrade: 0\n");
    /** Fires nothing: every user is served the fallback. */
    private static final TriggerRules NEVER = HandBuiltLog.rules("never", "    dailyCap: 0\n");

    @Test
    void withTheLoopClosed_theRecallsServedChangeWhatUsersClick(@TempDir Path work) throws Exception {
        BehaviourGenerator log = new BehaviourGenerator(BehaviourLogOptions.defaults().toBuilder().users(300)
                .objects(1000).categories(20).events(60_000).profile("drifting").build());
        ReplayLog replay = ReplayLog.prepare(log, 0.5, work);
        ArpuSegments segments = new ArpuSegments(EVERY_EVENT);
        TradeOffSimulation.Settings settings = TradeOffSimulation.Settings.withPromptDefaults(replay.cutMillis(),
                InferenceLatency.fixed(50, 2_000), 10, 1);

        TierTally open = TradeOffSimulation.run(log, EVERY_EVENT, replay.model(), segments, settings).overall();
        TierTally personal = TradeOffSimulation.runClosedLoop(log, EVERY_EVENT, replay.model(), segments, settings)
                .overall();
        TierTally fallbackOnly = TradeOffSimulation.runClosedLoop(log, NEVER, replay.model(), segments, settings)
                .overall();

        assertEquals(0, fallbackOnly.calls());
        assertNotEquals(open.clicks(), personal.clicks(), "closing the loop changes the log");
        double personalHr = (double) personal.hitsWithFallback() / personal.targets();
        double fallbackHr = (double) fallbackOnly.hitsWithFallback() / fallbackOnly.targets();
        double openHr = (double) open.hitsWithFallback() / open.targets();
        assertTrue(personalHr > openHr, "impressions drawn from the recall make it come true more often: "
                + personalHr + " vs " + openHr);
        assertTrue(personalHr > fallbackHr, "a personal recall served beats the popularity fallback served: "
                + personalHr + " vs " + fallbackHr);
    }
}
