package io.nearline.recall.job;

import io.nearline.recall.job.input.RawInput;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of the control inputs (rules updates, catalogue records). They carry no event time, and an operator's
 * event time is the least of its inputs': a broadcast input without watermarks would hold every event-time timer of
 * the operator it joins (the trigger's debounce and cool-down) back for good. These inputs declare that they never
 * hold event time back; their records are applied whenever they come, late or not.
 */
public final class ControlWatermarks {

    private ControlWatermarks() {}

    public static WatermarkStrategy<RawInput> neverHoldBack() {
        return WatermarkStrategy.forGenerator(context -> new WatermarkGenerator<>() {
            @Override
            public void onEvent(RawInput record, long timestamp, WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE));
            }
        });
    }
}
