package io.nearline.recall.schema;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the job's decoding of an input record costs beside Avro's own decoding of the same bytes: {@link
 * SingleObjectCodec#decode} walks the body against its writer schema (lengths, counts, indexes, UTF-8) before Avro
 * reads it, so {@code checkedDecode / avroDecode} is the price of refusing crafted records. Behaviours as the
 * generator writes them, ids of 10-20 characters and two attributes.
 *
 * <pre>./mvnw -q -pl avro-schemas test-compile exec:exec@bench</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InputCheckBenchmark {

    private static final int RECORDS = 1024;

    private final SingleObjectCodec<BehaviourEvent> codec = Codecs.behaviourEvents();
    private byte[][] records;
    private int next;

    @Setup
    public void encode() {
        records = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            records[i] = codec.encode(BehaviourEvent.newBuilder().setEventId("evt-" + (1_000_000 + i * 7919L))
                    .setUserId("user-" + (i * 31 % 12_500)).setObjectId("mo-" + (i * 17 % 5_000))
                    .setAction(Action.values()[i % Action.values().length]).setDomain(i % 3 == 0 ? Domain.CONTENT : Domain.AD)
                    .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + i * 250L))
                    .setPrice(i % 4 == 0 ? 12.5 : null).setEcpm(null)
                    .setAttributes(Map.of("category", "category-" + (i % 40), "placement", "feed"))
                    .build());
        }
    }

    @Benchmark
    public BehaviourEvent avroDecode() throws java.io.IOException {
        return BehaviourEvent.getDecoder().decode(records[next++ & (RECORDS - 1)]);
    }

    @Benchmark
    public Decoded<BehaviourEvent> checkedDecode() {
        return codec.decode(records[next++ & (RECORDS - 1)]);
    }
}
