package io.nearline.recall.job.sink;

import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.cache.RecallStoreOptions;
import io.nearline.recall.cache.RecallWriter;
import io.nearline.recall.cache.WriteOutcome;
import io.nearline.recall.cache.trace.StoreOutcome;
import io.nearline.recall.cache.trace.TraceStoreOptions;
import io.nearline.recall.cache.trace.TraceWriter;
import io.nearline.recall.job.ArmCounters;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.JobOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Writes recalls to the Redis recall store in pipelined batches. The store's conditional write keeps
 * a newer recall over an older one, so replays after a failure are harmless (at-least-once is enough).
 *
 * <p>While Redis is away the writer retries the batch with backoff and jitter and does not return, so
 * the job holds back (backpressure) instead of dropping recalls or restarting; retries and the time spent
 * waiting are counted. A write Redis refuses for good is counted as failed, never retried.
 */
public final class RecallStoreSink implements Sink<RecallResult> {

    private static final long serialVersionUID = 2L;
    private static final Logger LOG = LoggerFactory.getLogger(RecallStoreSink.class);
    private static final int BATCH_SIZE = 100;
    /** How long a recall may wait for its batch; the ad server should see it on the user's next request. */
    private static final long LINGER_MILLIS = 20;

    private final RecallStoreOptions options;
    private final RetryBackoff backoff;
    private final TraceStoreOptions traces;

    public RecallStoreSink(RecallStoreOptions options, RetryBackoff backoff) {
        this(options, backoff, null);
    }

    /** As above, recording the outcome of each traced recall beside its trace in the trace store {@code traces}. */
    public RecallStoreSink(RecallStoreOptions options, RetryBackoff backoff, TraceStoreOptions traces) {
        this.options = options;
        this.backoff = backoff;
        this.traces = traces;
    }

    /**
     * The store from the configuration's {@code redis.*} keys, retried as the {@code sink.redis.*} keys say; traced
     * recalls' outcomes go to the trace store of the {@code trace.store.*} keys.
     */
    public static RecallStoreSink from(Configuration config) {
        return new RecallStoreSink(optionsFrom(config), new RetryBackoff(
                config.get(JobOptions.STORE_RETRY_INITIAL_BACKOFF), config.get(JobOptions.STORE_RETRY_MAX_BACKOFF)),
                TraceStoreOptions.fromMap(config.toMap()));
    }

    /** The store's options from the job configuration's {@code redis.*} keys. */
    public static RecallStoreOptions optionsFrom(Configuration config) {
        return RecallStoreOptions.fromMap(config.toMap());
    }

    @Override
    public SinkWriter<RecallResult> createWriter(WriterInitContext context) {
        return new Writer(new RecallWriter(options), traces == null ? null : new TraceWriter(options, traces), backoff,
                context.getProcessingTimeService(), context.metricGroup().addGroup(JobMetrics.GROUP));
    }

    private static final class Writer implements SinkWriter<RecallResult> {
        private final RecallWriter store;
        private final TraceWriter traceStore;
        private final RetryBackoff backoff;
        private final ProcessingTimeService time;
        private final Counter written;
        private final Counter keptNewer;
        private final Counter rejected;
        private final Counter failed;
        private final Counter retries;
        private final Counter waitedMillis;
        private final SplittableRandom random = new SplittableRandom();
        private final List<RecallResult> batch = new ArrayList<>();
        private final ArmCounters writtenByArm;

        Writer(RecallWriter store, TraceWriter traceStore, RetryBackoff backoff, ProcessingTimeService time,
               MetricGroup metrics) {
            this.store = store;
            this.traceStore = traceStore;
            this.backoff = backoff;
            this.time = time;
            this.written = metrics.counter(JobMetrics.RECALLS_WRITTEN);
            this.writtenByArm = new ArmCounters(metrics, JobMetrics.RECALLS_WRITTEN);
            this.keptNewer = metrics.counter(JobMetrics.RECALLS_KEPT_NEWER);
            this.rejected = metrics.counter(JobMetrics.RECALLS_REJECTED);
            this.failed = metrics.counter(JobMetrics.RECALLS_FAILED);
            this.retries = metrics.counter(JobMetrics.STORE_RETRIES);
            this.waitedMillis = metrics.counter(JobMetrics.STORE_WAITED_MS);
        }

        @Override
        public void write(RecallResult recall, Context context) throws InterruptedException {
            batch.add(recall);
            if (batch.size() >= BATCH_SIZE) {
                flush(false);
            } else if (batch.size() == 1) {
                time.registerTimer(time.getCurrentProcessingTime() + LINGER_MILLIS, timestamp -> flush(false));
            }
        }

        @Override
        public void flush(boolean endOfInput) throws InterruptedException {
            if (batch.isEmpty()) {
                return;
            }
            long started = System.currentTimeMillis();
            List<WriteOutcome> outcomes = writeWhileRedisIsAway();
            for (int i = 0; i < outcomes.size(); i++) {
                switch (outcomes.get(i)) {
                    case WRITTEN -> {
                        written.inc();
                        writtenByArm.inc(batch.get(i).getArm());
                    }
                    case KEPT_NEWER -> keptNewer.inc();
                    case FAILED -> failed.inc();
                    case REJECTED -> rejected.inc();
                }
            }
            recordTracedOutcomes(outcomes, started);
            batch.clear();
        }

        /** Beside the trace of each traced recall of the batch: what the store did with it, and how long it took. */
        private void recordTracedOutcomes(List<WriteOutcome> outcomes, long started) {
            if (traceStore == null) {
                return;
            }
            List<StoreOutcome> traced = null;
            long now = System.currentTimeMillis();
            for (int i = 0; i < batch.size(); i++) {
                RecallResult recall = batch.get(i);
                if (recall.getTraceId() != null) {
                    if (traced == null) {
                        traced = new ArrayList<>();
                    }
                    traced.add(new StoreOutcome(recall.getUserId(), recall.getTraceId(), outcomes.get(i).name(),
                            now - started, now));
                }
            }
            if (traced != null) {
                try {
                    traceStore.recordOutcomes(traced);
                } catch (JedisException e) {
                    LOG.debug("trace store unavailable; {} store outcomes not recorded", traced.size(), e);
                }
            }
        }

        private List<WriteOutcome> writeWhileRedisIsAway() throws InterruptedException {
            for (int attempt = 1; ; attempt++) {
                try {
                    List<WriteOutcome> outcomes = store.writeAll(batch);
                    if (attempt > 1) {
                        LOG.info("recall store is back after {} retries; {} recalls written", attempt - 1, batch.size());
                    }
                    return outcomes;
                } catch (JedisException e) {
                    long wait = backoff.waitMillis(attempt, random);
                    if (attempt == 1 || attempt % 20 == 0) {
                        LOG.warn("recall store unavailable ({}), holding {} recalls, retry {} in {} ms",
                                e.getMessage(), batch.size(), attempt, wait);
                    }
                    retries.inc();
                    waitedMillis.inc(wait);
                    Thread.sleep(wait);
                }
            }
        }

        @Override
        public void close() {
            store.close();
            if (traceStore != null) {
                traceStore.close();
            }
        }
    }
}
