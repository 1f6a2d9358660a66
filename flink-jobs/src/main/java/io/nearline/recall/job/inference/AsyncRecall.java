package io.nearline.recall.job.inference;

import io.nearline.recall.job.ArmCounters;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.user.RecallRequest;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the recall service without blocking the stream. A failed or timed-out request is counted once,
 * by cause (a timeout as {@value #TIMEOUT_CAUSE}), and yields nothing; the stream goes on. An answer
 * that arrives after its timeout is not counted again, so the causes always add up to the failures.
 * An answer goes on to {@link ResolveRecall}, which counts it as succeeded or failed once resolved; so does the
 * failure of a traced request (already counted here), so that its trace is made.
 * A service that calls the fleet inference client has the client's own metrics exported as gauges
 * ({@link FleetGauges}). A request of a lower tier that finds only the top tier's reserve of slots free
 * ({@link TopTierReserve}) is shed at once, counted in total and per tier, and is no failure. Per tier, the answers
 * and the milliseconds they took are counted too: how fresh each tier's recalls are kept when the model is short.
 */
public final class AsyncRecall extends RichAsyncFunction<RecallRequest, GeneratedRecall> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AsyncRecall.class);

    private final RecallServiceFactory factory;
    private final TopTierReserve reserve;
    private transient RecallService service;
    private transient Counter failed;
    private transient Counter timedOut;
    private transient FailureCounters failures;
    private transient Set<RecallRequest> inFlight;
    private transient MetricGroup metrics;
    private transient Counter shedSaturated;
    private transient Map<String, Counter> shedSaturatedByTier;
    private transient ArmCounters callsByArm;
    private transient ArmCounters failedByArm;
    private transient ArmCounters millisByArm;
    private transient ArmCounters timedOutByArm;
    private transient Map<String, Counter> answeredByTier;
    private transient Map<String, Counter> millisByTier;

    /** The cause counted for a request the async operator timed out before the service answered. */
    public static final String TIMEOUT_CAUSE = "ASYNC_TIMEOUT";
    /** What the trace of a request shed for {@link TopTierReserve} says; it is not counted as a failure. */
    public static final String SATURATED_CAUSE = "SHED_SATURATED";

    /** {@code reserve} must be made for the async operator's capacity, which bounds the requests in flight. */
    public AsyncRecall(RecallServiceFactory factory, TopTierReserve reserve) {
        this.factory = factory;
        this.reserve = reserve;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        service = factory.create();
        metrics = getRuntimeContext().getMetricGroup().addGroup(JobMetrics.GROUP);
        // completed on the service's threads, not the task thread
        failed = metrics.counter(JobMetrics.INFERENCE_FAILED, new ThreadSafeSimpleCounter());
        timedOut = metrics.counter(JobMetrics.INFERENCE_TIMED_OUT);
        failures = new FailureCounters(metrics.addGroup("inference_failure"));
        shedSaturated = metrics.counter(JobMetrics.INFERENCE_SHED_SATURATED);
        shedSaturatedByTier = new HashMap<>();
        service.fleetMetrics().ifPresent(fleet -> FleetGauges.register(metrics, fleet));
        callsByArm = new ArmCounters(metrics, JobMetrics.INFERENCE_CALLS);
        failedByArm = new ArmCounters(metrics, JobMetrics.INFERENCE_FAILED);
        millisByArm = new ArmCounters(metrics, JobMetrics.INFERENCE_MILLIS);
        timedOutByArm = new ArmCounters(metrics, JobMetrics.INFERENCE_TIMED_OUT);
        answeredByTier = new ConcurrentHashMap<>();
        millisByTier = new ConcurrentHashMap<>();
        inFlight = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    @Override
    public void asyncInvoke(RecallRequest request, ResultFuture<GeneratedRecall> resultFuture) {
        // the task thread alone adds, so the size read here can only be lower by the time the request is added
        if (!reserve.admits(request.topTier, inFlight.size())) {
            shedSaturated.inc();
            shedSaturatedByTier.computeIfAbsent(request.tier, tier -> metrics.addGroup("tier", tier)
                    .counter(JobMetrics.TIER_SHED_SATURATED)).inc();
            resultFuture.complete(failedAnswer(request, SATURATED_CAUSE));
            return;
        }
        inFlight.add(request);
        if (request.trace != null) {
            request.trace.inferenceSentAt = System.currentTimeMillis();
        }
        callsByArm.inc(request.arm);
        long sent = System.nanoTime();
        service.recall(request).whenComplete((result, error) -> {
            if (!inFlight.remove(request)) {
                return; // timed out already, and counted then
            }
            long millis = (System.nanoTime() - sent) / 1_000_000;
            millisByArm.inc(request.arm, millis);
            if (error == null && result != null) {
                tierCounter(answeredByTier, request.tier, JobMetrics.TIER_ANSWERED).inc();
                tierCounter(millisByTier, request.tier, JobMetrics.TIER_ANSWER_MILLIS).inc(millis);
                if (request.trace != null) {
                    result.trace = request.trace;
                    result.trace.inferenceAnsweredAt = System.currentTimeMillis();
                }
                resultFuture.complete(List.of(result));
            } else {
                failed.inc();
                failedByArm.inc(request.arm);
                String cause = FailureCounters.cause(error);
                failures.count(cause);
                LOG.debug("recall for {} failed", request.userId, error);
                resultFuture.complete(failedAnswer(request, cause));
            }
        });
    }

    @Override
    public void timeout(RecallRequest request, ResultFuture<GeneratedRecall> resultFuture) {
        if (inFlight.remove(request)) {
            timedOut.inc();
            timedOutByArm.inc(request.arm);
            failures.count(TIMEOUT_CAUSE);
            resultFuture.complete(failedAnswer(request, TIMEOUT_CAUSE));
        } else {
            resultFuture.complete(List.of());
        }
    }

    /** A tier's counter under {@code tier.<name>}; answers complete on the service's threads. */
    private Counter tierCounter(Map<String, Counter> counters, String tier, String name) {
        return counters.computeIfAbsent(tier, t -> metrics.addGroup("tier", t).counter(name, new ThreadSafeSimpleCounter()));
    }

    /** Nothing for an untraced request; for a traced one, its failure, which goes on so that its trace is made. */
    private static List<GeneratedRecall> failedAnswer(RecallRequest request, String cause) {
        return request.trace == null ? List.of() : List.of(GeneratedRecall.failed(request, cause));
    }

    @Override
    public void close() throws Exception {
        if (service != null) {
            service.close();
        }
    }
}
