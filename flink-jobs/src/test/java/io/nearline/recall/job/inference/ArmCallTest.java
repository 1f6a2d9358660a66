package io.nearline.recall.job.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearline.recall.inference.InferenceClientOptions;
import io.nearline.recall.job.user.RecallRequest;
import io.nearline.recall.tiering.Arm;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArmCallTest {

    private static final InferenceClientOptions JOB = InferenceClientOptions.builder()
            .beamWidth(32).returnedSequences(20).modelName("ensemble").modelVersion("1").build();

    private static io.nearline.recall.inference.RecallRequest call(Arm arm) {
        RecallRequest request = new RecallRequest();
        request.requestId = "r1";
        request.userId = "u1";
        request.prompt = "p";
        return ArmCall.of(request.inArm(arm), JOB, false);
    }

    private static List<Object> settings(io.nearline.recall.inference.RecallRequest call) {
        return List.of(call.beamWidth(), call.returnedSequences(), call.modelName(), call.modelVersion());
    }

    @Test
    void the_implicit_arm_calls_with_the_jobs_settings() {
        assertEquals(List.of(32, 20, "", ""), settings(call(Arm.control())));
    }

    @Test
    void a_narrow_arm_returns_no_more_beams_than_it_searches() {
        assertEquals(List.of(8, 8, "", ""), settings(call(new Arm("narrow", 0, 10_000, 8, 0, "", ""))));
        assertEquals(List.of(64, 40, "", ""), settings(call(new Arm("wide", 0, 10_000, 64, 40, "", ""))));
        assertEquals(List.of(50, 50, "", ""), settings(call(new Arm("more", 0, 10_000, 0, 50, "", ""))));
    }

    @Test
    void an_arm_with_its_own_model_names_it_on_the_call() {
        assertEquals(List.of(32, 20, "recall_llm", "2"), settings(call(new Arm("llm", 0, 10_000, 0, 0, "recall_llm", "2"))));
    }

    @Test
    void with_tier_priority_the_top_tiers_calls_go_at_the_first_level_and_the_others_at_the_second() {
        RecallRequest top = new RecallRequest();
        top.requestId = "r1";
        top.userId = "u1";
        top.prompt = "p";
        top.topTier = true;
        RecallRequest other = new RecallRequest();
        other.requestId = "r2";
        other.userId = "u2";
        other.prompt = "p";
        assertEquals(1, ArmCall.of(top, JOB, true).priority());
        assertEquals(2, ArmCall.of(other, JOB, true).priority());
        assertEquals(0, ArmCall.of(top, JOB, false).priority(), "without it the server's default level");
    }
}
