package io.nearline.recall.job.trace;

import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.schema.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a trace to the trace topic as an Avro single-object record keyed by its user, like every other record. */
public final class TraceSerializer implements KafkaRecordSerializationSchema<RecallTrace> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient SingleObjectCodec<RecallTrace> codec;

    public TraceSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(RecallTrace trace, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = Codecs.recallTraces();
        }
        return new ProducerRecord<>(topic, null, timestamp, trace.getUserId().getBytes(StandardCharsets.UTF_8),
                codec.encode(trace));
    }
}
