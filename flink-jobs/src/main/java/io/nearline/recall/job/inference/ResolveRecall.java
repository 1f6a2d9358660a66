package io.nearline.recall.job.inference;

import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.job.ArmCounters;
import io.nearline.recall.job.ControlUpdate;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.catalogue.CatalogueBroadcast;
import io.nearline.recall.job.catalogue.CatalogueReplica;
import io.nearline.recall.job.catalogue.CatalogueSource;
import io.nearline.recall.job.trace.TraceOutputs;
import io.nearline.recall.job.trace.TraceRecords;
import io.nearline.recall.semantic.PrefixDiversity;
import io.nearline.recall.semantic.SemanticIdOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the generated semantic IDs of each answer against this instance's replica of the catalogue,
 * which the catalogue topic's records keep current on the broadcast input, and counts each answer once:
 * succeeded with its recall, or failed as {@code NO_OBJECT_IN_DELIVERY}.
 *
 * <p>At start-up the broadcast side may lag the answers: until the replica has read the topic as far as
 * it reached when the job started ({@link io.nearline.recall.job.catalogue.CatalogueEnd}), answers are
 * held (in checkpointed state) rather than resolved against a catalogue still loading, at most for
 * {@code catalogue.max-wait}.
 *
 * <p>A traced request's path ends here (answered or not): its trace, with the beams, the recall and what was
 * left out, leaves on {@link TraceOutputs#TRACES}, and its recall carries the request ID as {@code traceId}.
 */
public final class ResolveRecall extends BroadcastProcessFunction<GeneratedRecall, ControlUpdate, RecallResult>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ResolveRecall.class);

    private final CatalogueSource source;
    private final Map<String, String> diversitySettings;
    private final long maxWaitMillis;

    private transient CatalogueReplica replica;
    private transient RecallResolver resolver;
    private transient Counter succeeded;
    private transient ArmCounters succeededByArm;
    private transient ArmCounters failedByArm;
    private transient Counter failed;
    private transient Counter held;
    private transient FailureCounters failures;
    private transient List<GeneratedRecall> waiting;
    private transient ListState<GeneratedRecall> waitingState;
    private transient long waitingSince;

    /** {@code diversity.*} keys of {@code settings} shape the recall list (see semantic-ids' README). */
    public ResolveRecall(CatalogueSource source, Map<String, String> settings, Duration maxWait) {
        this.source = source;
        this.diversitySettings = new HashMap<>(GenerativeRecallService.prefixed(settings, "diversity."));
        this.maxWaitMillis = maxWait.toMillis();
        SemanticIdOptions.of(diversitySettings); // reject bad options when the job is built, not when it runs
    }

    @Override
    public void open(OpenContext context) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup(JobMetrics.GROUP);
        succeeded = metrics.counter(JobMetrics.INFERENCE_SUCCEEDED);
        failed = metrics.counter(JobMetrics.INFERENCE_FAILED);
        succeededByArm = new ArmCounters(metrics, JobMetrics.INFERENCE_SUCCEEDED);
        failedByArm = new ArmCounters(metrics, JobMetrics.INFERENCE_FAILED);
        held = metrics.counter(JobMetrics.RECALLS_HELD_FOR_CATALOGUE);
        failures = new FailureCounters(metrics.addGroup("inference_failure"));
        resolver = new RecallResolver(PrefixDiversity.of(SemanticIdOptions.of(diversitySettings)));
        if (source.hasIds()) {
            replica = CatalogueReplica.load(source).countingIn(metrics.counter(JobMetrics.CATALOGUE_UPDATES),
                    metrics.counter(JobMetrics.CATALOGUE_UNDECODABLE));
        }
        waitingSince = System.currentTimeMillis();
    }

    @Override
    public void processBroadcastElement(ControlUpdate update, Context ctx, Collector<RecallResult> out) throws Exception {
        if (update.catalogue == null || replica == null) {
            return; // rules updates are the trigger's and the budget's
        }
        replica.apply(update.catalogue, ctx.getBroadcastState(CatalogueBroadcast.OBJECTS),
                ctx.getBroadcastState(CatalogueBroadcast.POSITIONS));
        if (!waiting.isEmpty() && ready(ctx.getBroadcastState(CatalogueBroadcast.POSITIONS))) {
            release(out, trace -> ctx.output(TraceOutputs.TRACES, trace));
        }
    }

    @Override
    public void processElement(GeneratedRecall generated, ReadOnlyContext ctx, Collector<RecallResult> out)
            throws Exception {
        if (replica != null) {
            replica.restoreFrom(ctx.getBroadcastState(CatalogueBroadcast.OBJECTS));
        }
        if (!ready(ctx.getBroadcastState(CatalogueBroadcast.POSITIONS))) {
            if (waiting.isEmpty()) {
                waitingSince = System.currentTimeMillis();
            }
            waiting.add(generated);
            held.inc();
            return;
        }
        Consumer<RecallTrace> traces = trace -> ctx.output(TraceOutputs.TRACES, trace);
        release(out, traces);
        resolve(generated, out, traces);
    }

    private boolean ready(ReadOnlyBroadcastState<Integer, Long> positions) throws Exception {
        if (replica == null || replica.complete(positions)) {
            return true;
        }
        if (!waiting.isEmpty() && System.currentTimeMillis() - waitingSince > maxWaitMillis) {
            LOG.warn("catalogue not read to {} within {} ms; resolving {} waiting recalls against {} objects in delivery",
                    source.end(), maxWaitMillis, waiting.size(), replica.catalogue().snapshot().trie().size());
            replica.assumeComplete();
            return true;
        }
        return false;
    }

    private void release(Collector<RecallResult> out, Consumer<RecallTrace> traces) {
        if (waiting.isEmpty()) {
            return;
        }
        List<GeneratedRecall> released = new ArrayList<>(waiting);
        waiting.clear();
        for (GeneratedRecall generated : released) {
            resolve(generated, out, traces);
        }
    }

    private void resolve(GeneratedRecall generated, Collector<RecallResult> out, Consumer<RecallTrace> traces) {
        if (generated.trace != null) {
            resolveTraced(generated, out, traces);
            return;
        }
        try {
            if (replica == null) {
                throw new NothingToRecallException("no semantic IDs configured (" + source + ")");
            }
            RecallResult result = resolver.resolve(generated, replica.catalogue().snapshot());
            succeeded.inc();
            succeededByArm.inc(generated.arm);
            out.collect(result);
        } catch (NothingToRecallException e) {
            failed.inc();
            failedByArm.inc(generated.arm);
            failures.count(e);
            LOG.debug("recall for {} resolved to nothing", generated.userId, e);
        }
    }

    /** As {@link #resolve}, and the request's trace: what was recalled and left out, or why nothing was. */
    private void resolveTraced(GeneratedRecall generated, Collector<RecallResult> out, Consumer<RecallTrace> traces) {
        RecallResolver.Outcome outcome = generated.failure != null || replica == null ? null
                : resolver.resolve(generated, replica.catalogue().snapshot(), true);
        RecallResult recall = outcome == null ? null : outcome.recall();
        String failure = generated.failure;
        if (generated.failure == null) { // a failed call was counted when it failed
            if (recall != null) {
                succeeded.inc();
                succeededByArm.inc(generated.arm);
            } else {
                failed.inc();
                failedByArm.inc(generated.arm);
                failure = "NO_OBJECT_IN_DELIVERY";
                failures.count(failure);
            }
        }
        traces.accept(TraceRecords.ended(generated.trace, generated.modelVersion, generated.beamTexts,
                generated.beamLogProbs, recall, outcome == null ? List.of() : outcome.dropped(), failure,
                System.currentTimeMillis()));
        if (recall != null) {
            recall.setTraceId(generated.requestId);
            out.collect(recall);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        waitingState.update(waiting);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        waitingState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("recalls-awaiting-catalogue", GeneratedRecall.class));
        waiting = new ArrayList<>();
        if (context.isRestored()) {
            waitingState.get().forEach(waiting::add);
        }
    }
}
