package io.nearline.recall.bench;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.job.state.PromptStateSerializer;
import io.nearline.recall.job.state.RecentBehavioursSerializer;
import io.nearline.recall.job.user.BehaviourSequence;
import io.nearline.recall.job.user.RecentBehaviours;
import io.nearline.recall.prompt.IncrementalPromptBuilder;
import io.nearline.recall.prompt.PromptMetrics;
import io.nearline.recall.prompt.PromptOptions;
import io.nearline.recall.prompt.PromptState;
import io.nearline.recall.prompt.TextDictionary;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The cost the RocksDB backend pays per behaviour for a user's two big values, apart from the machine's load:
 * one write and one read of a user's prompt state and sequence (40 behaviours, 10 minutes apart), through
 * Flink's POJO serializer and through the job's, alternating rounds in one process. Prints microseconds per
 * write and read and their ratio; fails if a value read back does not render the same prompt or sequence.
 * {@code java ... StateSerializerBench [behaviours] [rounds]}.
 */
public final class StateSerializerBench {

    private StateSerializerBench() {}

    public static void main(String[] args) throws Exception {
        int behaviours = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        PromptMetrics metrics = new PromptMetrics();
        IncrementalPromptBuilder builder = IncrementalPromptBuilder.create(PromptOptions.defaults(),
                TextDictionary.fromClasspath(metrics), id -> Optional.of("<a_" + id.hashCode() % 64 + "><b_3><c_7>"),
                metrics);
        PromptState prompt = PromptState.forUser("user-000123");
        builder.updateProfile(prompt, Map.of("age_bucket", "age_25_34", "region", "north"));
        RecentBehaviours recent = new RecentBehaviours();
        for (int i = 0; i < behaviours; i++) {
            long time = 1_700_000_000_000L + i * 600_000L;
            BehaviourEvent event = BehaviourEvent.newBuilder().setEventId("gen-" + (1_000_000 + i * 37))
                    .setUserId("user-000123").setObjectId("object-" + (i * 7919 % 5000))
                    .setAction(i % 4 == 0 ? Action.CLICK : Action.CONTENT_VIEW).setDomain(i % 2 == 0 ? Domain.AD : Domain.CONTENT)
                    .setAttributes(Map.of("category", "c" + i % 6)).setEventTime(Instant.ofEpochMilli(time)).build();
            builder.append(prompt, event);
            BehaviourSequence.insert(recent, event.getEventId(), time, 200);
        }
        TypeSerializer<PromptState> pojoPrompt = TypeInformation.of(PromptState.class)
                .createSerializer(new SerializerConfigImpl());
        TypeSerializer<RecentBehaviours> pojoRecent = TypeInformation.of(RecentBehaviours.class)
                .createSerializer(new SerializerConfigImpl());
        // the POJO serializer writes the ids as the older job kept them, strings (the encoded block is transient)
        RecentBehaviours pojoShaped = new RecentBehaviours();
        pojoShaped.eventIds = recent.ids().toArray(new String[0]);
        pojoShaped.eventTimes = recent.eventTimes;
        pojoShaped.behavioursSeen = recent.behavioursSeen;
        String expected = builder.render(prompt).text();
        int operations = 20_000;
        double[] pojo = new double[rounds];
        double[] compact = new double[rounds];
        for (int round = -2; round < rounds; round++) { // two rounds of warm-up
            double p = microsPerOperation(pojoPrompt, pojoRecent, prompt, pojoShaped, operations, builder, expected);
            double c = microsPerOperation(PromptStateSerializer.INSTANCE, RecentBehavioursSerializer.INSTANCE, prompt,
                    recent, operations, builder, expected);
            if (round >= 0) {
                pojo[round] = p;
                compact[round] = c;
            }
        }
        double pojoMedian = median(pojo);
        double compactMedian = median(compact);
        System.out.printf("[bench] a user's prompt state and sequence (%d behaviours), one write and one read each, "
                        + "median of %d rounds: POJO serializer %.1f us, the job's serializers %.1f us: %.2fx faster%n",
                behaviours, rounds, pojoMedian, compactMedian, pojoMedian / compactMedian);
    }

    private static double microsPerOperation(TypeSerializer<PromptState> prompts, TypeSerializer<RecentBehaviours> recents,
                                             PromptState prompt, RecentBehaviours recent, int operations,
                                             IncrementalPromptBuilder builder, String expected) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(8192);
        DataInputDeserializer in = new DataInputDeserializer();
        PromptState lastPrompt = null;
        RecentBehaviours lastRecent = null;
        long started = System.nanoTime();
        for (int i = 0; i < operations; i++) {
            out.clear();
            prompts.serialize(prompt, out);
            in.setBuffer(out.getSharedBuffer(), 0, out.length());
            lastPrompt = prompts.deserialize(in);
            out.clear();
            recents.serialize(recent, out);
            in.setBuffer(out.getSharedBuffer(), 0, out.length());
            lastRecent = recents.deserialize(in);
        }
        double micros = (System.nanoTime() - started) / 1e3 / operations;
        if (!builder.render(lastPrompt).text().equals(expected) || !lastRecent.ids().equals(recent.ids())
                || !Arrays.equals(lastRecent.eventTimes, recent.eventTimes)) {
            throw new IllegalStateException(prompts.getClass().getSimpleName() + " did not give the state back");
        }
        return micros;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
