package io.nearline.recall.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearline.recall.avro.RecallTrace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArmComparisonTest {

    private static RecallTrace inArm(RecallTrace trace, String arm) {
        return RecallTrace.newBuilder(trace).setArm(arm).build();
    }

    @Test
    void eachArmCountsItsUsersCallsGpuTimeHitsAndCoverage() {
        List<List<RecallTrace>> byUser = List.of(
                List.of(SampleTraces.recall("u1", "r2", 40_000, "gold", List.of("c"), List.of("b")),
                        SampleTraces.recall("u1", "r1", 10_000, "gold", List.of("a", "b"), List.of())),
                List.of(SampleTraces.shed("u2", "r3", 20_000)),
                List.of(inArm(SampleTraces.recall("u3", "r4", 30_000, "gold", List.of("d"), List.of()), "narrow")));

        Map<String, ArmComparison.Arm> arms = ArmComparison.of(byUser, user -> user.equals("u1"));

        assertEquals(new ArmComparison.Arm("control", 2, 1, 3, 1, 14, 1, 1, 1, 1, 1, 1), arms.get("control"),
                "traces written before arms are the implicit arm's; r1 is hit by the click on b that r2 shows,"
                        + " and r1 is what served that click");
        assertEquals(new ArmComparison.Arm("narrow", 1, 0, 1, 0, 7, 0, 0, 0, 0, 0, 0), arms.get("narrow"));
        assertEquals(List.of("r4"), ArmComparison.only(byUser, "narrow").get(0).stream()
                .map(RecallTrace::getRequestId).toList());
    }

    @Test
    void servedHrJudgesEachClickOnTheNewestRecallBeforeItAndCountsAClickWithoutOneAsAMiss() {
        // u1: r1 (a, b) at 10 s; clicks on b at 18 s and on z at 19 s, shown by r2 at 20 s, which recalls c;
        // then a click on c at 49 s, shown by r3 at 50 s. Served: b hit on r1, z miss on r1, c hit on r2.
        // u2 (narrow): r4 recalled nothing; a click at 29 s shown by r5: served by no recall, a miss in u2's arm.
        List<List<RecallTrace>> byUser = List.of(
                List.of(SampleTraces.recall("u1", "r3", 50_000, "gold", List.of("d"), List.of("c")),
                        SampleTraces.recall("u1", "r2", 20_000, "gold", List.of("c"), List.of("b", "z")),
                        SampleTraces.recall("u1", "r1", 10_000, "gold", List.of("a", "b"), List.of())),
                List.of(inArm(SampleTraces.recall("u2", "r5", 30_000, "gold", List.of(), List.of("y")), "narrow"),
                        inArm(SampleTraces.recall("u2", "r4", 10_000, "gold", List.of(), List.of()), "narrow")));

        Map<String, ArmComparison.Arm> arms = ArmComparison.of(byUser, user -> true);

        assertEquals(3, arms.get("control").servedTargets());
        assertEquals(2, arms.get("control").servedHitsAt10(), "b on r1 and c on r2; z missed");
        assertEquals(1, arms.get("narrow").servedTargets());
        assertEquals(0, arms.get("narrow").servedHitsAt10(), "no recall was there to serve the click");
    }
}
