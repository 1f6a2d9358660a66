package io.nearline.recall.job.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecalledObject;
import io.nearline.recall.cache.FallbackRecalls;
import io.nearline.recall.cache.RecallStoreOptions;
import io.nearline.recall.cache.RecallWriter;
import io.nearline.recall.job.input.UserSignal;
import io.nearline.recall.testing.EmbeddedRedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LiveRecallScorerTest {

    static RecallResult recall(long reflects, int size) {
        List<RecalledObject> objects = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            objects.add(new RecalledObject("m" + i, "", (double) -i));
        }
        return RecallResult.newBuilder().setUserId("u1").setObjects(objects).setModelVersion("m").setPromptVersion("p")
                .setGeneratedAt(Instant.ofEpochMilli(reflects + 5)).setEventTime(Instant.ofEpochMilli(reflects)).build();
    }

    static UserSignal click(String object, long time, Domain domain) {
        return UserSignal.of(BehaviourEvent.newBuilder().setEventId(object + time).setUserId("u1").setObjectId(object)
                .setAction(Action.CLICK).setDomain(domain).setEventTime(Instant.ofEpochMilli(time)).build());
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, RecallResult, UserSignal, RecallScore> harness() throws Exception {
        return harness(new LiveRecallScorer(Duration.ofDays(1)));
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, RecallResult, UserSignal, RecallScore> harness(
            LiveRecallScorer scorer) throws Exception {
        var harness = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(scorer),
                RecallResult::getUserId, (UserSignal s) -> s.userId, Types.STRING);
        harness.open();
        return harness;
    }

    private static List<Integer> ranks(KeyedTwoInputStreamOperatorTestHarness<String, RecallResult, UserSignal, RecallScore> h,
                                       RecallScore.Kind kind) {
        return h.extractOutputValues().stream().filter(score -> score.kind == kind).map(score -> score.rank).toList();
    }

    @Test
    void aRecall_isScoredOnTheNextAdClickAfterTheBehaviourItReflects() throws Exception {
        try (var h = harness()) {
            h.processElement1(recall(100, 20), 0);
            h.processElement2(click("c9", 150, Domain.CONTENT), 0); // content is not what ad recall is judged on
            h.processElement2(click("m7", 200, Domain.AD), 0);
            h.processElement2(click("m1", 300, Domain.AD), 0); // only the next click judges a recall
            h.setProcessingTime(LiveRecallScorer.SERVED_GRACE);
            assertEquals(List.of(7), ranks(h, RecallScore.Kind.LIVE));
            assertEquals(List.of(7, 1), ranks(h, RecallScore.Kind.SERVED));
        }
    }

    @Test
    void scoresAreCountedInTheArmOfTheRecall_orForAUserWithoutOne_inTheArmTheRulesGiveThem() throws Exception {
        var experiment = io.nearline.recall.tiering.TriggerRulesParser.parse("""
                version: v1
                tiers:
                  - name: all
                    minArpu: 0
                budget:
                  requestsPerSecond: 10
                arms:
                  - name: only
                    share: 1
                """).rules().experiment();
        try (var h = harness(new LiveRecallScorer(Duration.ofDays(1)).arms(experiment))) {
            h.processElement2(click("m1", 50, Domain.AD), 0); // no recall yet: served nothing, in the rules' arm
            h.setProcessingTime(LiveRecallScorer.SERVED_GRACE);
            RecallResult narrow = recall(100, 20);
            narrow.setArm("narrow");
            h.processElement1(narrow, LiveRecallScorer.SERVED_GRACE);
            h.processElement2(click("m7", 200, Domain.AD), LiveRecallScorer.SERVED_GRACE);
            h.setProcessingTime(2 * LiveRecallScorer.SERVED_GRACE);
            assertEquals(List.of("narrow"), h.extractOutputValues().stream()
                    .filter(score -> score.kind == RecallScore.Kind.LIVE).map(score -> score.arm).toList());
            assertEquals(List.of("only", "narrow"), h.extractOutputValues().stream()
                    .filter(score -> score.kind == RecallScore.Kind.SERVED).map(score -> score.arm).toList());
        }
    }

    @Test
    void aClickThatOvertookTheRecall_stillJudgesIt() throws Exception {
        try (var h = harness()) {
            h.processElement2(click("m15", 50, Domain.AD), 0);
            h.processElement2(click("m2", 200, Domain.AD), 0);
            h.processElement1(recall(100, 20), 0);
            assertEquals(List.of(2), ranks(h, RecallScore.Kind.LIVE), "judged by the first click after it");
            assertEquals(List.of(), ranks(h, RecallScore.Kind.SERVED), "clicks are served only after the grace");
            h.setProcessingTime(LiveRecallScorer.SERVED_GRACE);
            assertEquals(List.of(-1, 2), ranks(h, RecallScore.Kind.SERVED),
                    "the click before the behaviour the recall reflects is a miss, the one after is served by it");
        }
    }

    @Test
    void aClick_isServedByTheRecallBeforeIt_evenWhenManyNewerOnesArriveWithinTheGrace() throws Exception {
        try (var h = harness()) {
            h.processElement1(recall(100, 20), 0);
            h.processElement2(click("m3", 200, Domain.AD), 0);
            for (int i = 1; i <= 10; i++) {
                h.processElement1(recall(200 + i, 1), 0);
            }
            h.setProcessingTime(LiveRecallScorer.SERVED_GRACE);
            assertEquals(List.of(3), ranks(h, RecallScore.Kind.SERVED));
        }
    }

    @Test
    void aRecallOvertakenByANewerOne_stillServesTheClickBetweenThem() throws Exception {
        // unordered async inference: the request fired by the click (reflecting 200) is answered before the one
        // fired by the impression before it (reflecting 100); only the older one reflects behaviour before the click
        try (var h = harness()) {
            h.processElement2(click("m4", 200, Domain.AD), 0);
            h.processElement1(recall(200, 20), 0);
            h.processElement1(recall(100, 20), 0);
            h.setProcessingTime(LiveRecallScorer.SERVED_GRACE);
            assertEquals(List.of(4), ranks(h, RecallScore.Kind.SERVED));
            assertEquals(List.of(4), ranks(h, RecallScore.Kind.FIRST_COVERED), "covered by the recall that came late");
        }
    }

    @Test
    void onlyAFirstEngagementIsATradeOffTarget_scoredOnTheOwnRecallWhenThereIsOne() throws Exception {
        try (var h = harness()) {
            h.processElement2(click("m9", 50, Domain.AD), 0);   // first, no recall yet: fallback (none here): a miss
            h.processElement1(recall(100, 20), 0);
            h.processElement2(click("m9", 200, Domain.AD), 0);  // a repeat: no trade-off target
            h.processElement2(click("m4", 300, Domain.AD), 0);  // first, covered by the recall of 100
            h.setProcessingTime(LiveRecallScorer.SERVED_GRACE);
            assertEquals(List.of(4), ranks(h, RecallScore.Kind.FIRST_COVERED));
            assertEquals(List.of(-1), ranks(h, RecallScore.Kind.FIRST_FALLBACK));
            assertEquals(3, ranks(h, RecallScore.Kind.SERVED).size(), "the old served measure scores every click");
        }
    }

    @Test
    void aFirstEngagementWithoutARecallIsScoredOnTheSegmentsFallbackAsTheReaderFindsItInRedis() throws Exception {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            RecallStoreOptions store = RecallStoreOptions.builder().host(redis.host()).port(redis.port()).build();
            try (RecallWriter writer = new RecallWriter(store)) {
                writer.write(RecallResult.newBuilder().setUserId(FallbackRecalls.idOf("all"))
                        .setObjects(List.of(new RecalledObject("m5", "", 2.0), new RecalledObject("m6", "", 1.0)))
                        .setModelVersion("popularity").setPromptVersion("").setGeneratedAt(Instant.now())
                        .setEventTime(Instant.ofEpochMilli(10)).build());
            }
            try (var h = harness(new LiveRecallScorer(Duration.ofDays(1), Long.MIN_VALUE, null, store))) {
                h.processElement2(click("m6", 50, Domain.AD), 0);
                h.processElement2(click("m8", 60, Domain.AD), 0);
                h.setProcessingTime(LiveRecallScorer.SERVED_GRACE);
                assertEquals(List.of(1, -1), ranks(h, RecallScore.Kind.FIRST_FALLBACK));
            }
        }
    }
}
