package io.nearline.recall.job.sink;

import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.cache.RecallStoreOptions;
import io.nearline.recall.cache.RecallWriter;
import io.nearline.recall.cache.WriteOutcome;
import io.nearline.recall.job.JobMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;

/**
 * Writes recalls to the Redis recall store in pipelined batches. The store's conditional write keeps
 * a newer recall over an older one, so replays after a failure are harmless (at-least-once is enough).
 */
public final class RecallStoreSink implements Sink<RecallResult> {

    private static final long serialVersionUID = 1L;
    private static final int BATCH_SIZE = 100;
    /** How long a recall may wait for its batch; the ad server should see it on the user's next request. */
    private static final long LINGER_MILLIS = 20;

    private final RecallStoreOptions options;

    public RecallStoreSink(RecallStoreOptions options) {
        this.options = options;
    }

    /** The store's options from the job configuration's {@code redis.*} keys. */
    public static RecallStoreOptions optionsFrom(Configuration config) {
        return RecallStoreOptions.fromMap(config.toMap());
    }

    @Override
    public SinkWriter<RecallResult> createWriter(WriterInitContext context) {
        var metrics = context.metricGroup().addGroup(JobMetrics.GROUP);
        return new Writer(new RecallWriter(options), context.getProcessingTimeService(),
                metrics.counter(JobMetrics.RECALLS_WRITTEN), metrics.counter(JobMetrics.RECALLS_KEPT_NEWER),
                metrics.counter(JobMetrics.RECALLS_REJECTED));
    }

    private static final class Writer implements SinkWriter<RecallResult> {
        private final RecallWriter store;
        private final ProcessingTimeService time;
        private final Counter written;
        private final Counter keptNewer;
        private final Counter rejected;
        private final List<RecallResult> batch = new ArrayList<>();

        Writer(RecallWriter store, ProcessingTimeService time, Counter written, Counter keptNewer, Counter rejected) {
            this.store = store;
            this.time = time;
            this.written = written;
            this.keptNewer = keptNewer;
            this.rejected = rejected;
        }

        @Override
        public void write(RecallResult recall, Context context) {
            batch.add(recall);
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
            for (WriteOutcome outcome : store.writeAll(batch)) {
                switch (outcome) {
                    case WRITTEN -> written.inc();
                    case KEPT_NEWER -> keptNewer.inc();
                    default -> rejected.inc();
                }
            }
            batch.clear();
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
