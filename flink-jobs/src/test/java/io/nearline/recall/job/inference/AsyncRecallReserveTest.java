package io.nearline.recall.job.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.user.RecallRequest;
import io.nearline.recall.server.CodeTrie;
import io.nearline.recall.server.FixtureSemanticIds;
import io.nearline.recall.server.FrequencyFixtureModel;
import io.nearline.recall.server.LocalInferenceServer;
import io.nearline.recall.server.LocalServerOptions;
import io.nearline.recall.server.SemanticIdTokens;
import io.nearline.recall.testing.CollectingSink;
import io.nearline.recall.testing.CounterSnapshotReporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * A model slower than the requests come (the local server holds each answer for a second): with half of the four
 * slots held for the top tier, every top-tier request is answered, and the lower tier's requests that find only
 * the reserve free are shed at once and counted, in total and per tier, never as failures.
 */
class AsyncRecallReserveTest {

    private static final List<int[]> IDS = FixtureSemanticIds.generate(500, 4, 256, 7);
    private static final int PER_TIER = 12;

    @Test
    void slowModel_lowerTierShedAtOnce_topTierAllAnswered() throws Exception {
        CounterSnapshotReporter.reset();
        try (LocalInferenceServer server = LocalInferenceServer.start(LocalServerOptions.builder().port(0)
                .modelLatency(Duration.ofSeconds(1)).build(), new FrequencyFixtureModel(256, 7), CodeTrie.of(IDS))) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1,
                    Configuration.fromMap(Map.of("metrics.reporter.it.factory.class",
                            CounterSnapshotReporter.Factory.class.getName())));
            Map<String, String> triton = Map.of("triton.target", "localhost:" + server.port(), "triton.beam-width", "5",
                    "triton.returned-sequences", "5", "triton.deadline", "30 s");
            CollectingSink<GeneratedRecall> answered = new CollectingSink<>();
            AsyncDataStream.unorderedWait(env.fromData(requests(), TypeInformation.of(RecallRequest.class)),
                            new AsyncRecall(GenerativeRecallService.factory(triton), new TopTierReserve(4, 0.5)),
                            60, TimeUnit.SECONDS, 4)
                    .sinkTo(answered);
            env.execute("top-tier-reserve");

            long topAnswered = answered.collected().stream().filter(recall -> recall.userId.startsWith("top")).count();
            long lowAnswered = answered.collected().stream().filter(recall -> recall.userId.startsWith("low")).count();
            long shed = CounterSnapshotReporter.value(JobMetrics.INFERENCE_SHED_SATURATED);
            assertEquals(PER_TIER, topAnswered, "every top-tier request answered");
            assertTrue(shed > 0, "lower-tier requests shed while only the reserve was free");
            assertEquals(PER_TIER, lowAnswered + shed, "each lower-tier request answered or shed, once");
            // the lower tier's own count: the only tier shed
            assertEquals(shed, CounterSnapshotReporter.value(JobMetrics.TIER_SHED_SATURATED),
                    CounterSnapshotReporter.snapshot().toString());
            assertEquals(0, CounterSnapshotReporter.value(JobMetrics.INFERENCE_FAILED), "a shed is no failure");
            // per tier, the answers and their time: the server holds each one a second
            assertEquals(topAnswered + lowAnswered, CounterSnapshotReporter.value(JobMetrics.TIER_ANSWERED));
            assertTrue(CounterSnapshotReporter.value(JobMetrics.TIER_ANSWER_MILLIS) >= 1000 * (topAnswered + lowAnswered),
                    "each answer took at least the server's second: " + CounterSnapshotReporter.snapshot());
        }
    }

    /** Top and lower tier in turn, each prompt naming a few fixture IDs. */
    private static List<RecallRequest> requests() {
        List<RecallRequest> requests = new ArrayList<>();
        for (int i = 0; i < 2 * PER_TIER; i++) {
            RecallRequest request = new RecallRequest();
            boolean top = i % 2 == 0;
            request.topTier = top;
            request.tier = top ? "platinum" : "bronze";
            request.userId = (top ? "top-" : "low-") + i;
            request.requestId = request.userId + "/1";
            request.prompt = "recent items: " + SemanticIdTokens.render(IDS.get(i), 4) + " "
                    + SemanticIdTokens.render(IDS.get(i + 100), 4);
            requests.add(request);
        }
        return requests;
    }
}
