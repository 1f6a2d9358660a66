package io.nearline.recall.job.input;

import io.nearline.recall.avro.DeadLetter;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.sink.DeadLetterBounds;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits accepted user signals; sends every rejected record, with its reason and where it was read, to
 * the dead-letter output, counted by reason ({@code nearline.dead_letter.reason_<REASON>}). No record, however
 * crafted, fails this operator: a validator bug on one becomes a {@link RejectReason#VALIDATOR_ERROR}.
 */
public final class ValidateInput extends ProcessFunction<RawInput, UserSignal> {

    private static final long serialVersionUID = 2L;
    private static final Logger LOG = LoggerFactory.getLogger(ValidateInput.class);

    /** Side output carrying rejected records. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    /** Metric subgroup of the per-reason dead-letter counters, each named {@value #REASON_PREFIX}REASON. */
    public static final String REASON_GROUP = "dead_letter";
    public static final String REASON_PREFIX = "reason_";

    private final InputValidator validator;
    private final int maxPayloadBytes;
    private transient Counter read;
    private transient Counter accepted;
    private transient Counter deadLettered;
    private transient Map<RejectReason, Counter> byReason;

    public ValidateInput(InputValidator validator, int maxPayloadBytes) {
        this.validator = validator;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void open(OpenContext context) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup(JobMetrics.GROUP);
        read = metrics.counter(JobMetrics.RECORDS_READ);
        accepted = metrics.counter(JobMetrics.RECORDS_ACCEPTED);
        deadLettered = metrics.counter(JobMetrics.RECORDS_DEAD_LETTERED);
        byReason = new EnumMap<>(RejectReason.class);
        MetricGroup reasons = metrics.addGroup(REASON_GROUP);
        for (RejectReason reason : RejectReason.values()) {
            byReason.put(reason, reasons.counter(REASON_PREFIX + reason.name()));
        }
    }

    @Override
    public void processElement(RawInput input, Context ctx, Collector<UserSignal> out) {
        read.inc();
        long now = System.currentTimeMillis();
        Validated result;
        try {
            result = validator.validate(input, now);
        } catch (RuntimeException e) {
            LOG.error("validator failed on {}-{}@{}", input.topic, input.partition, input.offset, e);
            result = Validated.reject(RejectReason.VALIDATOR_ERROR, "validator failed: " + e);
        }
        if (result.accepted()) {
            accepted.inc();
            out.collect(result.signal());
            return;
        }
        deadLettered.inc();
        byReason.get(result.reason()).inc();
        ctx.output(DEAD_LETTERS, DeadLetter.newBuilder()
                .setSourceTopic(String.valueOf(input.topic))
                .setPartition(input.partition)
                .setOffset(input.offset)
                .setReason(result.reason().name())
                .setDetail(DeadLetterBounds.detail(result.detail()))
                .setPayload(DeadLetterBounds.payload(input.value, maxPayloadBytes))
                .setPayloadSize(input.value == null ? 0 : input.value.length)
                .setRejectedAt(Instant.ofEpochMilli(now))
                .build());
    }
}
