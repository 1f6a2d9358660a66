package io.nearline.recall.job.input;

import io.nearline.recall.avro.DeadLetter;
import io.nearline.recall.job.JobMetrics;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Emits accepted user signals; sends every rejected record, whole and with its reason, to the dead-letter output. */
public final class ValidateInput extends ProcessFunction<RawInput, UserSignal> {

    private static final long serialVersionUID = 1L;

    /** Side output carrying rejected records. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final InputValidator validator;
    private transient Counter read;
    private transient Counter accepted;
    private transient Counter deadLettered;

    public ValidateInput(InputValidator validator) {
        this.validator = validator;
    }

    @Override
    public void open(OpenContext context) {
        var metrics = getRuntimeContext().getMetricGroup().addGroup(JobMetrics.GROUP);
        read = metrics.counter(JobMetrics.RECORDS_READ);
        accepted = metrics.counter(JobMetrics.RECORDS_ACCEPTED);
        deadLettered = metrics.counter(JobMetrics.RECORDS_DEAD_LETTERED);
    }

    @Override
    public void processElement(RawInput input, Context ctx, Collector<UserSignal> out) {
        read.inc();
        long now = System.currentTimeMillis();
        Validated result = validator.validate(input, now);
        if (result.accepted()) {
            accepted.inc();
            out.collect(result.signal());
            return;
        }
        deadLettered.inc();
        ctx.output(DEAD_LETTERS, DeadLetter.newBuilder()
                .setSourceTopic(input.topic)
                .setPartition(input.partition)
                .setOffset(input.offset)
                .setReason(result.reason().name())
                .setDetail(result.detail())
                .setPayload(ByteBuffer.wrap(input.value == null ? new byte[0] : input.value))
                .setRejectedAt(Instant.ofEpochMilli(now))
                .build());
    }
}
