package io.nearline.recall.job.rules;

import io.nearline.recall.avro.DeadLetter;
import io.nearline.recall.tiering.ActiveRules;
import io.nearline.recall.tiering.RuleError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Collectors;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;

/** The broadcast state holding the rules text in force, and how a rejected update becomes a dead letter. */
public final class RulesBroadcast {

    private RulesBroadcast() {}

    public static final String KEY = "rules";

    public static final MapStateDescriptor<String, String> STATE =
            new MapStateDescriptor<>("trigger-rules", Types.STRING, Types.STRING);

    /** Side output of rejected rule updates. */
    public static final OutputTag<DeadLetter> REJECTED = new OutputTag<>("rejected-rules") {};

    /** A rejected update, with every error's line and reason, for the dead-letter topic. */
    public static DeadLetter rejection(String topic, String yaml, ActiveRules.Update update) {
        String detail = "rules rejected, " + update.versionInForce() + " stays in force: "
                + update.errors().stream().map(RuleError::toString).collect(Collectors.joining("; "));
        return DeadLetter.newBuilder()
                .setSourceTopic(topic)
                .setPartition(-1)
                .setOffset(-1)
                .setReason("BAD_RULES")
                .setDetail(detail)
                .setPayload(ByteBuffer.wrap(yaml.getBytes(StandardCharsets.UTF_8)))
                .setRejectedAt(Instant.now())
                .build();
    }
}
