package io.nearline.recall.bench;

import io.nearline.recall.job.budget.BudgetGate;
import io.nearline.recall.job.rules.RulesBroadcast;
import io.nearline.recall.job.rules.RulesInForce;
import io.nearline.recall.job.user.RecallRequest;
import io.nearline.recall.tiering.TieringOptions;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The GPU budget gate on its own, wired as the job wires it (one key, parallelism 1, the rules broadcast):
 * flooded with recall requests under the highest rate the rules allow and the smallest burst that lets it
 * through, how many requests per second it takes in (admitted or shed), and how many per second it admits.
 */
final class GateBench {

    private static final int PROMPT_CHARACTERS = 1_500;
    /**
     * The smallest burst that lets the highest rate through: the gate's clock is in milliseconds and the
     * bucket holds at most the burst, so a burst under rate / 1000 caps admissions at burst * 1000 a second.
     */
    private static final int BURST = (int) Math.ceil(TieringOptions.MAX_REQUESTS_PER_SECOND / 1000);
    /** Admitted requests, counted by the sink in this process (the MiniCluster runs in it). */
    private static final AtomicLong ADMITTED = new AtomicLong();

    private GateBench() {}

    static String measure(int requests, int parallelism) throws Exception {
        runtimeMillis(requests, parallelism); // warm-up
        long full = runtimeMillis(requests, parallelism);
        long admitted = ADMITTED.get();
        long empty = runtimeMillis(1, parallelism);
        double seconds = Math.max(1, full - empty) / 1000.0;
        return String.format("[bench] gpu-budget: %,d requests offered by %d instances: %,.0f/s taken in, "
                        + "%,d admitted = %,.0f/s (rules: the highest rate, %,.0f/s, burst %d)", requests,
                parallelism, requests / seconds, admitted, admitted / seconds,
                TieringOptions.MAX_REQUESTS_PER_SECOND, BURST);
    }

    private static long runtimeMillis(int requests, int parallelism) throws Exception {
        ADMITTED.set(0);
        String rules = "version: \"gate-bench\"\n"
                + "tiers:\n"
                + "  - name: all\n"
                + "    minArpu: 0\n"
                + "    fireAtGrade: 0\n"
                + "    everyN: 1\n"
                + "budget:\n"
                + "  requestsPerSecond: " + (long) TieringOptions.MAX_REQUESTS_PER_SECOND + "\n"
                + "  burst: " + BURST + "\n"
                + "  queueCapacity: 10000\n"
                + "  maxWaitMs: 2000\n";
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism,
                new Configuration());
        DataStream<String> rulesText = env.fromData(Types.STRING, rules);
        env.fromSequence(1, requests)
                .map(new ToRequest()).returns(RecallRequest.class)
                .keyBy(request -> BudgetGate.GATE, Types.INT)
                .connect(rulesText.broadcast(RulesBroadcast.STATE))
                .process(new BudgetGate(RulesInForce.updatable(rules)))
                .setParallelism(1).setMaxParallelism(1)
                .sinkTo(new CountingSink()).setParallelism(1);
        JobExecutionResult result = env.execute("gate-bench");
        return result.getNetRuntime();
    }

    /** A request as the user operator emits it: a prompt of realistic length, priorities spread over tiers. */
    private static final class ToRequest implements MapFunction<Long, RecallRequest> {
        private static final long serialVersionUID = 1L;
        private static final String PROMPT = "x".repeat(PROMPT_CHARACTERS);

        @Override
        public RecallRequest map(Long serial) {
            RecallRequest request = new RecallRequest();
            request.userId = "user-" + (serial % 100_000);
            request.requestId = request.userId + "/e-" + serial + "/" + serial;
            request.eventTime = serial;
            request.priority = (int) (serial % 50);
            request.tier = "all";
            request.prompt = PROMPT;
            return request;
        }
    }

    private static final class CountingSink implements Sink<RecallRequest> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<RecallRequest> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(RecallRequest element, Context context) {
                    ADMITTED.incrementAndGet();
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
