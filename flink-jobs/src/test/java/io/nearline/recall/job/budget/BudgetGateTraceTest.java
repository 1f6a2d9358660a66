package io.nearline.recall.job.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.job.rules.RulesBroadcast;
import io.nearline.recall.job.rules.RulesInForce;
import io.nearline.recall.job.trace.RequestTrace;
import io.nearline.recall.job.trace.TraceOutputs;
import io.nearline.recall.job.user.RecallRequest;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** A traced request the budget sheds ends there with its trace; an admitted one carries when it was admitted. */
class BudgetGateTraceTest {

    private static final String RULES = "version: \"gate-1\"\n"
            + "tiers:\n  - name: all\n    minArpu: 0\n    fireAtGrade: 0\n"
            + "budget:\n  requestsPerSecond: 1\n  burst: 1\n  queueCapacity: 1\n  maxWaitMs: 60000\n";

    private static RecallRequest traced(String id, int priority) {
        RecallRequest request = new RecallRequest();
        request.requestId = id;
        request.userId = "user-" + id;
        request.tier = "all";
        request.priority = priority;
        request.trace = new RequestTrace();
        request.trace.requestId = id;
        request.trace.userId = request.userId;
        request.trace.tier = "all";
        request.trace.tracedBecause = "pinned";
        request.trace.tracedAt = 0;
        request.trace.prompt = "User: " + id;
        return request;
    }

    @Test
    void aShedTracedRequest_leavesItsTraceWithTheShedReason() throws Exception {
        try (var h = new KeyedBroadcastOperatorTestHarness<Integer, RecallRequest, String, RecallRequest>(
                new CoBroadcastWithKeyedOperator<>(new BudgetGate(RulesInForce.updatable(RULES)),
                        List.of(RulesBroadcast.STATE)),
                request -> BudgetGate.GATE, Types.INT, 1, 1, 0)) {
            h.open();
            h.setProcessingTime(5);
            RecallRequest first = traced("a", 1);
            h.processElement(first, 0);
            h.processElement(traced("b", 1), 0); // waits in the queue's one place
            h.processElement(traced("c", 2), 0); // higher: takes b's place

            assertEquals(5, first.trace.admittedAt);
            List<RecallTrace> traces = h.getSideOutput(TraceOutputs.TRACES).stream()
                    .map(StreamRecord::getValue).toList();
            assertEquals(1, traces.size(), "only b was shed: " + traces);
            RecallTrace shed = traces.get(0);
            assertEquals("b", shed.getRequestId());
            assertEquals("SHED_QUEUE_FULL", shed.getBudgetOutcome());
            assertEquals(List.of("user-sequence-and-trigger", "gpu-budget"),
                    shed.getStages().stream().map(stage -> stage.getName()).toList());
            assertTrue(shed.getObjects().isEmpty());
        }
    }
}
