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

        assertEquals(new ArmComparison.Arm("control", 2, 1, 3, 1, 14, 1, 1, 1, 1), arms.get("control"),
                "traces written before arms are the implicit arm's; r1 is hit by the click on b that r2 shows");
        assertEquals(new ArmComparison.Arm("narrow", 1, 0, 1, 0, 7, 0, 0, 0, 0), arms.get("narrow"));
        assertEquals(List.of("r4"), ArmComparison.only(byUser, "narrow").get(0).stream()
                .map(RecallTrace::getRequestId).toList());
    }
}
