package io.nearline.recall.job.catalogue;

import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The broadcast state that mirrors the compacted catalogue topic in every operator that resolves or
 * renders semantic IDs: the latest accepted record per object, and how far each partition was read.
 * It is checkpointed with the operator, so a restored job has its catalogue before the source resumes.
 */
public final class CatalogueBroadcast {

    private CatalogueBroadcast() {}

    /** Object ID to the latest accepted record of it (Avro single-object encoding, as on the topic). */
    public static final MapStateDescriptor<String, byte[]> OBJECTS = new MapStateDescriptor<>(
            "marketing-objects", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    /** Partition to the next offset to read: compared with {@link CatalogueEnd} to know the catalogue is complete. */
    public static final MapStateDescriptor<Integer, Long> POSITIONS = new MapStateDescriptor<>(
            "marketing-objects-read", Types.INT, Types.LONG);
}
