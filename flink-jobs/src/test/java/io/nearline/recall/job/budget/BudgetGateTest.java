package io.nearline.recall.job.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.job.rules.RulesBroadcast;
import io.nearline.recall.job.rules.RulesInForce;
import io.nearline.recall.job.user.RecallRequest;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The gate admits at the budget's rate, and requests still waiting survive a checkpoint and a restore. */
class BudgetGateTest {

    private static final String RULES = "version: \"gate-1\"\n"
            + "tiers:\n  - name: all\n    minArpu: 0\n    fireAtGrade: 0\n"
            + "budget:\n  requestsPerSecond: 1\n  burst: 1\n  queueCapacity: 10\n  maxWaitMs: 60000\n";

    private static KeyedBroadcastOperatorTestHarness<Integer, RecallRequest, String, RecallRequest> harness()
            throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(new BudgetGate(RulesInForce.updatable(RULES)),
                        List.of(RulesBroadcast.STATE)),
                request -> BudgetGate.GATE, Types.INT, 1, 1, 0);
    }

    private static RecallRequest request(String id) {
        RecallRequest request = new RecallRequest();
        request.requestId = id;
        request.userId = id;
        request.tier = "all";
        return request;
    }

    private static List<String> admitted(KeyedBroadcastOperatorTestHarness<Integer, RecallRequest, String, RecallRequest> h) {
        return h.extractOutputValues().stream().map(r -> r.requestId).toList();
    }

    @Test
    void requestsWaitingForTheBudget_surviveACheckpointAndARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.setProcessingTime(0);
            h.processElement(request("a"), 0);
            h.processElement(request("b"), 0);
            h.processElement(request("c"), 0);
            assertEquals(List.of("a"), admitted(h), "one token at first, the others wait");
            snapshot = h.snapshot(1, 0);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            restored.setProcessingTime(100);
            restored.processElement(request("d"), 100);
            restored.setProcessingTime(10_000);
            List<String> out = admitted(restored);
            assertTrue(out.containsAll(List.of("b", "c", "d")), "restored and new requests are admitted: " + out);
            assertEquals(3, out.size());
        }
    }
}
