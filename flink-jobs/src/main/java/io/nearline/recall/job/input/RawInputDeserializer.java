package io.nearline.recall.job.input;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Passes every Kafka record on as raw bytes; decoding happens in the validator so it can never fail the source. */
public final class RawInputDeserializer implements KafkaRecordDeserializationSchema<RawInput> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawInput> out) {
        out.collect(new RawInput(record.topic(), record.partition(), record.offset(), record.value()));
    }

    @Override
    public TypeInformation<RawInput> getProducedType() {
        return TypeInformation.of(RawInput.class);
    }
}
