package io.nearline.recall.server;

import io.nearline.recall.inference.InferenceClientOptions;
import io.nearline.recall.inference.RecallRequest;
import io.nearline.recall.inference.TritonGrpcClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the search queue's priority levels buy a burst: bursts of {@value #BURST} calls at once (a quarter of them the
 * top tier's, priority 1, the rest priority 2, in random order) to a local server with two search threads, once with
 * {@code server.priority-levels=2} and once with 1 (every call at one level: arrival order), rounds alternating
 * between the two servers so that both see the same machine. Prints per round the top tier's and the others' mean
 * milliseconds from send to answer, and the top tier's with priority over without; the median of the rounds last.
 * A bench, not a test: {@code java -cp ... io.nearline.recall.server.PriorityBurstBench [rounds] [bursts]}.
 */
public final class PriorityBurstBench {

    static final int BURST = 64;
    static final int BEAM = 300;

    private PriorityBurstBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int bursts = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        CodeTrie trie = CodeTrie.of(FixtureSemanticIds.generate(10_000, 4, 256, 42));
        GenerativeRecallModel model = new FrequencyFixtureModel(256, 42);
        Random random = new Random(7);
        double[] ratios = new double[rounds];
        try (LocalInferenceServer levelled = start(2, model, trie); LocalInferenceServer flat = start(1, model, trie);
                TritonGrpcClient toLevelled = connect(levelled); TritonGrpcClient toFlat = connect(flat)) {
            burst(toLevelled, random);  // warm-up of both servers' JIT
            burst(toFlat, random);
            for (int round = 0; round < rounds; round++) {
                double[] withLevels = new double[2];
                double[] without = new double[2];
                for (int b = 0; b < bursts; b++) {
                    add(withLevels, burst(toLevelled, random));
                    add(without, burst(toFlat, random));
                }
                ratios[round] = withLevels[0] / without[0];
                System.out.printf("round %d: top tier %.1f ms with levels, %.1f ms without (%.2f); others %.1f ms"
                        + " with, %.1f ms without%n", round + 1, withLevels[0] / bursts, without[0] / bursts,
                        ratios[round], withLevels[1] / bursts, without[1] / bursts);
            }
        }
        Arrays.sort(ratios);
        System.out.printf("top tier's mean answer with priority levels / without, median of %d rounds: %.2f (%.2f..%.2f)%n",
                rounds, ratios[rounds / 2], ratios[0], ratios[rounds - 1]);
    }

    private static LocalInferenceServer start(int levels, GenerativeRecallModel model, CodeTrie trie) {
        return LocalInferenceServer.start(LocalServerOptions.builder().port(0).inferenceThreads(2)
                .priorityLevels(levels).build(), model, trie);
    }

    private static TritonGrpcClient connect(LocalInferenceServer server) {
        return TritonGrpcClient.connect(InferenceClientOptions.builder().target("localhost", server.port())
                .deadline(Duration.ofSeconds(30)).build());
    }

    private static void add(double[] sums, double[] burst) {
        sums[0] += burst[0];
        sums[1] += burst[1];
    }

    /** One burst; the mean milliseconds of the top tier's calls and of the others'. */
    private static double[] burst(TritonGrpcClient client, Random random) throws Exception {
        List<Integer> levels = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            levels.add(i < BURST / 4 ? 1 : 2);
        }
        Collections.shuffle(levels, random);
        List<CompletableFuture<Long>> calls = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            RecallRequest request = client.options().newRequest("r" + i, "u" + i, "<a_" + random.nextInt(256) + ">")
                    .withBeams(BEAM, 10).withPriority(levels.get(i));
            long sent = System.nanoTime();
            calls.add(client.infer(request).thenApply(answer -> System.nanoTime() - sent));
        }
        double[] sums = new double[2];
        int top = 0;
        for (int i = 0; i < BURST; i++) {
            long nanos = calls.get(i).get(60, TimeUnit.SECONDS);
            boolean isTop = levels.get(i) == 1;
            sums[isTop ? 0 : 1] += nanos / 1e6;
            top += isTop ? 1 : 0;
        }
        return new double[] {sums[0] / top, sums[1] / (BURST - top)};
    }
}
