package io.nearline.recall.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** The current behaviour event schema and its predecessor read each other, in both directions. */
class SchemaEvolutionTest {

    private static final Schema CURRENT = BehaviourEvent.getClassSchema();
    private static final Schema V1 = SchemaHistory.olderVersionsOf(CURRENT.getFullName()).get(0);

    @Test
    void theCurrentReader_canReadEventsOfTheOldWriter() {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(CURRENT, V1);
        assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(), result.getDescription());
    }

    @Test
    void theOldReader_canReadEventsOfTheCurrentWriter() {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(V1, CURRENT);
        assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(), result.getDescription());
    }

    @Test
    void anEventWrittenWithV1_decodesWithDefaultsForTheNewFields() throws Exception {
        GenericRecord old = new GenericData.Record(V1);
        old.put("eventId", "e1");
        old.put("userId", "u1");
        old.put("objectId", "m1");
        old.put("action", new GenericData.EnumSymbol(V1.getField("action").schema(), "CLICK"));
        old.put("domain", new GenericData.EnumSymbol(V1.getField("domain").schema(), "AD"));
        old.put("eventTime", 1_700_000_000_000L);
        old.put("price", 9.5);
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), V1).encode(old);

        Decoded<BehaviourEvent> decoded = Codecs.behaviourEvents().decode(toArray(bytes));

        assertTrue(decoded.ok(), decoded.detail());
        BehaviourEvent event = decoded.value();
        assertEquals("u1", event.getUserId());
        assertEquals(Action.CLICK, event.getAction());
        assertEquals(9.5, event.getPrice());
        assertNull(event.getEcpm());
        assertEquals(Map.of(), event.getAttributes());
    }

    @Test
    void anEventWrittenNow_decodesWithTheOldSchemaIgnoringNewFields() throws Exception {
        BehaviourEvent event = BehaviourEvent.newBuilder().setEventId("e2").setUserId("u2").setObjectId("m2")
                .setAction(Action.CONVERSION).setDomain(Domain.AD).setEventTime(Instant.ofEpochMilli(5))
                .setEcpm(3.0).setAttributes(Map.of("placement", "feed")).build();
        byte[] bytes = Codecs.behaviourEvents().encode(event);

        BinaryMessageDecoder<GenericRecord> oldReader = new BinaryMessageDecoder<>(GenericData.get(), V1);
        oldReader.addSchema(CURRENT);
        GenericRecord read = oldReader.decode(bytes);

        assertEquals("u2", read.get("userId").toString());
        assertEquals("CONVERSION", read.get("action").toString());
        assertFalse(read.hasField("ecpm"));
    }

    @Test
    void everyRecordType_roundTripsThroughItsCodec() {
        BehaviourEvent event = BehaviourEvent.newBuilder().setEventId("e3").setUserId("u3").setObjectId("c3")
                .setAction(Action.CONTENT_VIEW).setDomain(Domain.CONTENT).setEventTime(Instant.ofEpochMilli(7)).build();
        var codec = Codecs.behaviourEvents();
        assertEquals(event, codec.decode(codec.encode(event)).value());
    }

    @Test
    void bytesWithoutTheSingleObjectHeader_failWithAReasonInsteadOfThrowing() {
        Decoded<BehaviourEvent> decoded = Codecs.behaviourEvents().decode(new byte[] {1, 2, 3, 4});
        assertEquals(DecodeFailure.BAD_BYTES, decoded.failure());
        assertFalse(decoded.detail().isEmpty());
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
