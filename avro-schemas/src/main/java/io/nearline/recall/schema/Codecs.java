package io.nearline.recall.schema;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.DeadLetter;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.avro.UserProfileUpdate;

/** The codecs of every record type this system puts on Kafka. Thread-safe; create once and share. */
public final class Codecs {

    private Codecs() {}

    public static SingleObjectCodec<BehaviourEvent> behaviourEvents() {
        return SingleObjectCodec.forSchema(BehaviourEvent.getClassSchema());
    }

    public static SingleObjectCodec<UserProfileUpdate> profileUpdates() {
        return SingleObjectCodec.forSchema(UserProfileUpdate.getClassSchema());
    }

    public static SingleObjectCodec<MarketingObject> marketingObjects() {
        return SingleObjectCodec.forSchema(MarketingObject.getClassSchema());
    }

    public static SingleObjectCodec<RecallResult> recallResults() {
        return SingleObjectCodec.forSchema(RecallResult.getClassSchema());
    }

    /** Traces of recall requests, on the trace topic and in the trace store. */
    public static SingleObjectCodec<RecallTrace> recallTraces() {
        return SingleObjectCodec.forSchema(RecallTrace.getClassSchema());
    }

    public static SingleObjectCodec<DeadLetter> deadLetters() {
        return SingleObjectCodec.forSchema(DeadLetter.getClassSchema());
    }
}
