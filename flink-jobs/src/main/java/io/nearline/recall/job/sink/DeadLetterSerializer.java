package io.nearline.recall.job.sink;

import io.nearline.recall.avro.DeadLetter;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.schema.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a dead letter as an Avro single-object record keyed by its source topic, with the reason
 * also in a {@value #REASON_HEADER} header so that tools can filter without decoding. Every letter is
 * bounded first ({@link DeadLetterBounds}), so none can be too large for the topic.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 2L;
    public static final String REASON_HEADER = "reason";

    private final String topic;
    private final int maxPayloadBytes;
    private transient SingleObjectCodec<DeadLetter> codec;

    public DeadLetterSerializer(String topic, int maxPayloadBytes) {
        this.topic = topic;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = Codecs.deadLetters();
        }
        DeadLetter bounded = DeadLetterBounds.bounded(letter, maxPayloadBytes);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, timestamp,
                bounded.getSourceTopic().getBytes(StandardCharsets.UTF_8), codec.encode(bounded));
        record.headers().add(REASON_HEADER, bounded.getReason().getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
