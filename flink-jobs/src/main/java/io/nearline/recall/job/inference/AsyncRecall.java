package io.nearline.recall.job.inference;

import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.user.RecallRequest;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the recall service without blocking the stream. A failed or timed-out request is counted and
 * yields nothing; the stream goes on.
 */
public final class AsyncRecall extends RichAsyncFunction<RecallRequest, RecallResult> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AsyncRecall.class);

    private final RecallServiceFactory factory;
    private transient RecallService service;
    private transient Counter succeeded;
    private transient Counter failed;
    private transient Counter timedOut;
    private transient FailureCounters failures;

    public AsyncRecall(RecallServiceFactory factory) {
        this.factory = factory;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        service = factory.create();
        var metrics = getRuntimeContext().getMetricGroup().addGroup(JobMetrics.GROUP);
        // completed on the service's threads, not the task thread
        succeeded = metrics.counter(JobMetrics.INFERENCE_SUCCEEDED, new ThreadSafeSimpleCounter());
        failed = metrics.counter(JobMetrics.INFERENCE_FAILED, new ThreadSafeSimpleCounter());
        timedOut = metrics.counter(JobMetrics.INFERENCE_TIMED_OUT);
        failures = new FailureCounters(metrics.addGroup("inference_failure"));
    }

    @Override
    public void asyncInvoke(RecallRequest request, ResultFuture<RecallResult> resultFuture) {
        service.recall(request).whenComplete((result, error) -> {
            if (error == null && result != null) {
                succeeded.inc();
                resultFuture.complete(List.of(result));
            } else {
                failed.inc();
                failures.count(error);
                LOG.debug("recall for {} failed", request.userId, error);
                resultFuture.complete(List.of());
            }
        });
    }

    @Override
    public void timeout(RecallRequest request, ResultFuture<RecallResult> resultFuture) {
        timedOut.inc();
        resultFuture.complete(List.of());
    }

    @Override
    public void close() throws Exception {
        if (service != null) {
            service.close();
        }
    }
}
