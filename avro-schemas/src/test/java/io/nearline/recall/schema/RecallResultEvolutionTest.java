package io.nearline.recall.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecalledObject;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** Recall results of the versions before traceId and before arm and one written now read each other. */
class RecallResultEvolutionTest {

    private static final Schema CURRENT = RecallResult.getClassSchema();
    private static final Schema V1 = SchemaHistory.olderVersionsOf(CURRENT.getFullName()).get(0);
    private static final Schema V2 = SchemaHistory.olderVersionsOf(CURRENT.getFullName()).get(1);

    @Test
    void theVersionsAreCompatibleBothWays() {
        assertEquals(SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(CURRENT, V1).getType());
        assertEquals(SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(V1, CURRENT).getType());
    }

    @Test
    void aResultWrittenWithV1_decodesWithoutATraceId() throws Exception {
        GenericRecord old = new GenericData.Record(V1);
        old.put("userId", "u1");
        GenericRecord object = new GenericData.Record(V1.getField("objects").schema().getElementType());
        object.put("objectId", "ad-1");
        object.put("semanticId", "<a_1>");
        object.put("score", -0.5);
        old.put("objects", List.of(object));
        old.put("modelVersion", "m:1");
        old.put("promptVersion", "p");
        old.put("rulesVersion", "r");
        old.put("generatedAt", 2L);
        old.put("eventTime", 1L);
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), V1).encode(old);
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);

        Decoded<RecallResult> decoded = Codecs.recallResults().decode(array);

        assertTrue(decoded.ok(), decoded.detail());
        assertEquals(new RecalledObject("ad-1", "<a_1>", -0.5), decoded.value().getObjects().get(0));
        assertNull(decoded.value().getTraceId());
        assertEquals(Instant.ofEpochMilli(1), decoded.value().getEventTime());
        assertEquals("control", decoded.value().getArm(), "before arms every user was in the implicit arm");
    }

    @Test
    void theVersionBeforeArm_andNowReadEachOther() {
        assertEquals(SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(CURRENT, V2).getType());
        assertEquals(SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(V2, CURRENT).getType());
        assertNull(V2.getField("arm"));
        assertEquals("traceId", V2.getFields().get(V2.getFields().size() - 1).name());
    }
}
