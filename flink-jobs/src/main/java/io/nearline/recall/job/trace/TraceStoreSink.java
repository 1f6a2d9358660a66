package io.nearline.recall.job.trace;

import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.cache.RecallStoreOptions;
import io.nearline.recall.cache.trace.TraceStoreOptions;
import io.nearline.recall.cache.trace.TraceWriter;
import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.sink.RecallStoreSink;
import java.util.ArrayList;
import java.util.List;
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
 * Keeps traces in the trace store (Redis, beside the recalls, under keys of its own), in batches. A trace is a
 * diagnostic: while Redis is away a batch of traces is dropped and counted ({@code traces_dropped}) rather than
 * holding back the recalls, which the recall store's own sink waits for.
 */
public final class TraceStoreSink implements Sink<RecallTrace> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TraceStoreSink.class);
    private static final int BATCH_SIZE = 100;
    private static final long LINGER_MILLIS = 50;

    private final RecallStoreOptions connection;
    private final TraceStoreOptions options;

    public TraceStoreSink(RecallStoreOptions connection, TraceStoreOptions options) {
        this.connection = connection;
        this.options = options;
    }

    /** The store from the configuration's {@code redis.*} (connection) and {@code trace.store.*} keys. */
    public static TraceStoreSink from(Configuration config) {
        RecallStoreOptions connection = RecallStoreSink.optionsFrom(config);
        TraceStoreOptions options = TraceStoreOptions.fromMap(config.toMap());
        if (connection.keyPrefix().startsWith(options.keyPrefix()) || options.keyPrefix().startsWith(connection.keyPrefix())) {
            throw new IllegalArgumentException(TraceStoreOptions.KEY_PREFIX.key() + "=" + options.keyPrefix()
                    + ": overlaps redis.key-prefix=" + connection.keyPrefix() + "; traces must stay apart from the recalls");
        }
        return new TraceStoreSink(connection, options);
    }

    @Override
    public SinkWriter<RecallTrace> createWriter(WriterInitContext context) {
        MetricGroup metrics = context.metricGroup().addGroup(JobMetrics.GROUP);
        return new Writer(new TraceWriter(connection, options), context.getProcessingTimeService(),
                metrics.counter(JobMetrics.TRACES_STORED), metrics.counter(JobMetrics.TRACES_DROPPED));
    }

    private static final class Writer implements SinkWriter<RecallTrace> {
        private final TraceWriter store;
        private final ProcessingTimeService time;
        private final Counter stored;
        private final Counter dropped;
        private final List<RecallTrace> batch = new ArrayList<>();

        Writer(TraceWriter store, ProcessingTimeService time, Counter stored, Counter dropped) {
            this.store = store;
            this.time = time;
            this.stored = stored;
            this.dropped = dropped;
        }

        @Override
        public void write(RecallTrace trace, Context context) {
            batch.add(trace);
            if (batch.size() >= BATCH_SIZE) {
                flush(false);
            } else if (batch.size() == 1) {
                time.registerTimer(time.getCurrentProcessingTime() + LINGER_MILLIS, timestamp -> flush(false));
            }
        }

        @Override
        public void flush(boolean endOfInput) {
            if (batch.isEmpty()) {
                return;
            }
            try {
                store.writeAll(batch);
                stored.inc(batch.size());
            } catch (JedisException e) {
                if (dropped.getCount() == 0) {
                    LOG.warn("trace store unavailable ({}); dropping traces until it is back", e.getMessage());
                }
                dropped.inc(batch.size());
            }
            batch.clear();
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
