package io.nearline.recall.cache;

import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecalledObject;
import io.nearline.recall.testing.EmbeddedRedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import redis.clients.jedis.JedisPooled;

/**
 * The recall writer's throughput beside its physical baseline, on one redis-server in one run: pipelined conditional
 * writes of whole recalls ({@link RecallWriter#writeAll}, each replacing the user's older recall) against
 * {@code redis-benchmark}'s pipelined SET of values as large as one stored recall, at the writer's pipeline depth.
 * Each batch of the pipeline depth is built just before it is written (the job's sink gets its recalls fresh from
 * inference), and only the writes are timed. Rounds alternate the two, and each ratio is of the same round. Run by
 * {@code bin/bench-store}; not a test.
 *
 * <pre>StoreBench [USERS] [ROUNDS]   (defaults 100000 and 7)</pre>
 */
public final class StoreBench {

    private static final int OBJECTS_PER_RECALL = 10;

    private StoreBench() {}

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        try (EmbeddedRedisServer server = EmbeddedRedisServer.start();
             RecallWriter writer = new RecallWriter(RecallStoreOptions.builder().host(server.host())
                     .port(server.port()).build());
             JedisPooled plain = new JedisPooled(server.host(), server.port())) {
            int pipeline = RecallStoreOptions.builder().build().maxPipeline();
            writer.writeAll(recalls(0, users, 0)); // warm-up: the keys exist from here on, as in a running job
            int valueBytes = storedBytes(plain, RecallKeys.key(RecallKeys.DEFAULT_PREFIX, "user-0"));
            double[] ratios = new double[rounds];
            System.out.printf(Locale.ROOT, "[bench-store] %d users, recalls of %d objects (%d bytes stored each),"
                    + " pipeline %d, redis-server on 127.0.0.1:%d%n", users, OBJECTS_PER_RECALL, valueBytes, pipeline,
                    server.port());
            for (int round = 1; round <= rounds; round++) {
                long nanos = 0;
                long written = 0;
                for (int from = 0; from < users; from += pipeline) {
                    // Built just before it is written, as the job's sink gets each batch fresh from inference.
                    List<RecallResult> batch = recalls(from, Math.min(users, from + pipeline), round);
                    long start = System.nanoTime();
                    List<WriteOutcome> outcomes = writer.writeAll(batch);
                    nanos += System.nanoTime() - start;
                    written += outcomes.stream().filter(o -> o == WriteOutcome.WRITTEN).count();
                }
                double writes = users / (nanos / 1e9);
                if (written != users) {
                    throw new IllegalStateException("round " + round + ": " + written + " of " + users
                            + " recalls written; every one is newer than the stored one");
                }
                double sets = redisBenchmarkSet(server.port(), users, pipeline, valueBytes);
                ratios[round - 1] = writes / sets;
                System.out.printf(Locale.ROOT, "[bench-store] round %d: conditional writes %,.0f/s, redis-benchmark"
                        + " SET %,.0f/s, ratio %.3f%n", round, writes, sets, ratios[round - 1]);
            }
            Arrays.sort(ratios);
            System.out.printf(Locale.ROOT, "[bench-store] recall writer / pipelined SET: median %.3f (%.3f..%.3f over"
                    + " %d rounds)%n", ratios[rounds / 2], ratios[0], ratios[rounds - 1], rounds);
        }
    }

    /** One recall for each of the users {@code from..to-1}, newer than the round before it. */
    private static List<RecallResult> recalls(int from, int to, int round) {
        List<RecallResult> batch = new ArrayList<>(to - from);
        for (int u = from; u < to; u++) {
            RecalledObject[] objects = new RecalledObject[OBJECTS_PER_RECALL];
            for (int i = 0; i < OBJECTS_PER_RECALL; i++) {
                objects[i] = Recalls.object("mo-" + ((u * 31 + i * 7 + round) % 5000), 1.0 / (i + 1),
                        "<a_" + (i % 256) + "><b_" + (u % 256) + "><c_" + (round % 256) + "><d_" + (i * 3 % 256) + ">");
            }
            batch.add(Recalls.result("user-" + u, round * 1000L, round * 1000L + 5, objects));
        }
        return batch;
    }

    /** The bytes of one stored recall, the payload a SET of the same size carries. */
    private static int storedBytes(JedisPooled redis, String key) {
        return (int) redis.strlen(key);
    }

    /** redis-benchmark's pipelined SET rate on the same server (Debian's redis-tools provides the binary). */
    private static double redisBenchmarkSet(int port, int requests, int pipeline, int valueBytes)
            throws IOException, InterruptedException {
        Process run = new ProcessBuilder("redis-benchmark", "-h", "127.0.0.1", "-p", Integer.toString(port), "-t",
                "set", "-n", Integer.toString(requests), "-P", Integer.toString(pipeline), "-d",
                Integer.toString(valueBytes), "-r", Integer.toString(requests), "-c", "1", "--csv")
                .redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (run.waitFor() != 0) {
            throw new IllegalStateException("redis-benchmark failed: " + output);
        }
        for (String line : output.split("\n")) {
            String[] cells = line.replace("\"", "").split(",");
            if (cells.length > 1 && cells[0].equals("SET")) {
                return Double.parseDouble(cells[1]);
            }
        }
        throw new IllegalStateException("no SET rate in redis-benchmark's output: " + output);
    }
}
