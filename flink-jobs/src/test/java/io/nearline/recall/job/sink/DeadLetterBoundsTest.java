package io.nearline.recall.job.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.DeadLetter;
import io.nearline.recall.schema.Codecs;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterBoundsTest {

    private static DeadLetter letter(int payloadBytes, String detail) {
        return DeadLetter.newBuilder().setSourceTopic("behaviour-events").setPartition(1).setOffset(42)
                .setReason("ID_TOO_LONG").setDetail(detail).setPayload(ByteBuffer.wrap(new byte[payloadBytes]))
                .setRejectedAt(Instant.EPOCH).build();
    }

    @Test
    void aMegabyteRecord_becomesADeadLetterWellUnderTheProducerLimit_withItsSizeKept() {
        ProducerRecord<byte[], byte[]> record = new DeadLetterSerializer("dead-letters", 65_536)
                .serialize(letter(1_000_000, "x".repeat(50_000)), null, null);

        assertTrue(record.value().length < 70_000, record.value().length + " bytes");
        DeadLetter written = Codecs.deadLetters().decode(record.value()).value();
        assertEquals(65_536, written.getPayload().remaining());
        assertEquals(1_000_000, written.getPayloadSize());
        assertEquals(42, written.getOffset());
        assertTrue(written.getDetail().length() < DeadLetterBounds.MAX_DETAIL_CHARS + 40);
        assertTrue(written.getDetail().endsWith("(50000 characters)"), written.getDetail());
    }

    @Test
    void aLetterWithinTheBounds_isLeftAsItIs() {
        DeadLetter small = letter(10, "short");
        assertSame(small, DeadLetterBounds.bounded(small, 65_536));
    }

    @Test
    void aMissingValue_isAnEmptyPayload() {
        assertEquals(0, DeadLetterBounds.payload(null, 100).remaining());
        assertEquals(3, DeadLetterBounds.payload(new byte[] {1, 2, 3, 4}, 3).remaining());
    }
}
