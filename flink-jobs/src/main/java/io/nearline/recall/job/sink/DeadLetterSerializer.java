package io.nearline.recall.job.sink;

import io.nearline.recall.avro.DeadLetter;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.schema.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a dead letter as an Avro single-object record keyed by its source topic, with the reason
 * also in a {@value #REASON_HEADER} header so that tools can filter without decoding.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;
    public static final String REASON_HEADER = "reason";

    private final String topic;
    private transient SingleObjectCodec<DeadLetter> codec;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = Codecs.deadLetters();
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, timestamp,
                letter.getSourceTopic().getBytes(StandardCharsets.UTF_8), codec.encode(letter));
        record.headers().add(REASON_HEADER, letter.getReason().getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
