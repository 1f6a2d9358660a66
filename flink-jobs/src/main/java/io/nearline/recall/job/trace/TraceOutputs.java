package io.nearline.recall.job.trace;

import io.nearline.recall.avro.RecallTrace;
import org.apache.flink.util.OutputTag;

/** The side output on which the operators where a traced request's path ends emit its trace. */
public final class TraceOutputs {

    private TraceOutputs() {}

    public static final OutputTag<RecallTrace> TRACES = new OutputTag<>("recall-traces") {};
}
