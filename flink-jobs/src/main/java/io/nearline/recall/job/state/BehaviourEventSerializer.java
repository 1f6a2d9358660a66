package io.nearline.recall.job.state;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A behaviour as it travels between the job's operators: every behaviour crosses at least two exchanges, and Flink's
 * Avro serializer builds it through reflection and a schema-resolving reader each time. The fields are the Avro
 * schema's, so a schema change fails the field check of its test.
 */
public final class BehaviourEventSerializer extends CompactSerializer<BehaviourEvent> {

    private static final long serialVersionUID = 1L;

    public static final BehaviourEventSerializer INSTANCE = new BehaviourEventSerializer();

    /**
     * Layout 1: the fields below in this order; the enums by their ordinal (-1 for none), the event time in epoch
     * milliseconds, the doubles behind a presence flag.
     */
    static final int LAYOUT = 1;

    private static final List<String> FIELDS = List.of(
            "eventId", "userId", "objectId", "action", "domain", "eventTime", "price", "ecpm", "attributes");

    private static final Action[] ACTIONS = Action.values();
    private static final Domain[] DOMAINS = Domain.values();

    @Override
    public List<String> fields() {
        return FIELDS;
    }

    @Override
    public Class<BehaviourEvent> type() {
        return BehaviourEvent.class;
    }

    @Override
    public BehaviourEvent createInstance() {
        return new BehaviourEvent();
    }

    @Override
    public void serialize(BehaviourEvent event, DataOutputView out) throws IOException {
        StateCodec.writeString(out, event.getEventId());
        StateCodec.writeString(out, event.getUserId());
        StateCodec.writeString(out, event.getObjectId());
        out.writeByte(event.getAction() == null ? -1 : event.getAction().ordinal());
        out.writeByte(event.getDomain() == null ? -1 : event.getDomain().ordinal());
        Instant time = event.getEventTime();
        if (time == null) {
            // the schema requires one, and the record's constructor cannot take none back
            throw new IOException("behaviour " + event.getEventId() + " has no event time");
        }
        out.writeLong(time.toEpochMilli());
        writeOptional(out, event.getPrice());
        writeOptional(out, event.getEcpm());
        StateCodec.writeStringMap(out, event.getAttributes());
    }

    @Override
    public BehaviourEvent deserialize(DataInputView in) throws IOException {
        String eventId = StateCodec.readString(in);
        String userId = StateCodec.readString(in);
        String objectId = StateCodec.readString(in);
        Action action = constant(ACTIONS, in.readByte(), "action");
        Domain domain = constant(DOMAINS, in.readByte(), "domain");
        Instant time = Instant.ofEpochMilli(in.readLong());
        Double price = in.readBoolean() ? in.readDouble() : null;
        Double ecpm = in.readBoolean() ? in.readDouble() : null;
        return new BehaviourEvent(eventId, userId, objectId, action, domain, time, price, ecpm,
                StateCodec.readStringMap(in));
    }

    /** A copy sharing only what cannot change (strings, enums, times, boxed numbers): the attributes are copied. */
    @Override
    public BehaviourEvent copy(BehaviourEvent from) {
        if (from == null) {
            return null;
        }
        return new BehaviourEvent(from.getEventId(), from.getUserId(), from.getObjectId(), from.getAction(),
                from.getDomain(), from.getEventTime(), from.getPrice(), from.getEcpm(),
                from.getAttributes() == null ? null : new HashMap<>(from.getAttributes()));
    }

    private static void writeOptional(DataOutputView out, Double value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeDouble(value);
        }
    }

    private static <E> E constant(E[] values, byte ordinal, String field) throws IOException {
        if (ordinal == -1) {
            return null;
        }
        if (ordinal < 0 || ordinal >= values.length) {
            throw new IOException("a behaviour's " + field + " " + ordinal + " is not one of its " + values.length);
        }
        return values[ordinal];
    }

    @Override
    public TypeSerializerSnapshot<BehaviourEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The snapshot of this serializer (instantiated by Flink on a restore). */
    public static final class Snapshot extends StateLayoutSnapshot<BehaviourEvent> {
        public Snapshot() {
            super(INSTANCE, LAYOUT);
        }
    }
}
