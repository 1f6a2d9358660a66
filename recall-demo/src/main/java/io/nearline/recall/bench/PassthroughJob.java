package io.nearline.recall.bench;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.UserProfileUpdate;
import io.nearline.recall.job.input.RawInput;
import io.nearline.recall.job.input.UserSignal;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.schema.SingleObjectCodec;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The physical baseline of the job's path: the job's own input source, Avro decoding into the signal
 * the job keys, the shuffle by user, and nothing else. What the job's path costs above this is its own.
 */
final class PassthroughJob {

    private PassthroughJob() {}

    static void build(StreamExecutionEnvironment env, Source<RawInput, ?, ?> input, String behaviourTopic) {
        env.fromSource(input, WatermarkStrategy.noWatermarks(), "behaviour-and-profile-input")
                .map(new Decode(behaviourTopic)).name("decode")
                .keyBy(signal -> signal.userId)
                .sinkTo(new DiscardingSink<>()).name("discard");
    }

    /** Decodes a record of either input topic; the bench publishes nothing malformed. */
    private static final class Decode extends RichMapFunction<RawInput, UserSignal> {
        private static final long serialVersionUID = 1L;
        private final String behaviourTopic;
        private transient SingleObjectCodec<BehaviourEvent> behaviours;
        private transient SingleObjectCodec<UserProfileUpdate> profiles;

        Decode(String behaviourTopic) {
            this.behaviourTopic = behaviourTopic;
        }

        @Override
        public UserSignal map(RawInput input) {
            if (behaviours == null) {
                behaviours = Codecs.behaviourEvents();
                profiles = Codecs.profileUpdates();
            }
            return behaviourTopic.equals(input.topic)
                    ? UserSignal.of(behaviours.decode(input.value).value())
                    : UserSignal.of(profiles.decode(input.value).value());
        }
    }
}
