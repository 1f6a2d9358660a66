package io.nearline.recall.demo;

import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.config.ToolRunner;
import io.nearline.recall.job.JobOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The local cluster's event producer, a process of its own: replays the live window of the same generator log
 * {@link ClusterInit} learned from, at a steady rate, and writes every behaviour the broker acknowledged to a file
 * (user, event id, event time), the log a fault test compares each user's state with.
 */
@Command(name = "ClusterProducer", mixinStandardHelpOptions = true,
        description = "Replays the generator's live window to Kafka; writes the acknowledged behaviours to a file.")
public final class ClusterProducer implements Callable<Integer> {

    @Option(names = "--kafka", required = true, paramLabel = "HOST:PORT", description = "The broker.")
    private String bootstrapServers;

    @Option(names = "--events", defaultValue = "20000", paramLabel = "N", description = "Behaviours replayed.")
    private long events;

    @Option(names = "--end-time", defaultValue = "0", paramLabel = "EPOCH_MS",
            description = "As given to ClusterInit; or instead:")
    private long endTime;

    @Option(names = "--end-time-file", paramLabel = "FILE",
            description = "The DIR/log-end-time ClusterInit wrote.")
    private Path endTimeFile;

    @Option(names = "--rate", defaultValue = "100", paramLabel = "N", description = "Behaviours per second.")
    private int rate;

    @Option(names = "--burst-after", defaultValue = "0", paramLabel = "N",
            description = "Behaviours sent at --rate before the burst.")
    private long burstAfter;

    @Option(names = "--burst-events", defaultValue = "0", paramLabel = "N",
            description = "Behaviours of the burst; 0: none.")
    private long burstEvents;

    @Option(names = "--burst-rate", defaultValue = "0", paramLabel = "N",
            description = "Behaviours per second during the burst.")
    private int burstRate;

    @Option(names = "--acknowledged", required = true, paramLabel = "FILE",
            description = "Where every acknowledged behaviour is written, one 'user TAB event-id TAB millis' line.")
    private Path acknowledgedFile;

    private ClusterProducer() {}

    public static void main(String[] args) {
        ToolRunner.exit(new ClusterProducer(), args);
    }

    @Override
    public Integer call() throws IOException {
        BehaviourLog log = ClusterInit.openLog(events, LogEndTime.resolve(endTime, endTimeFile));
        ReplayWindow window = ReplayWindow.of(log, events);
        Configuration topics = new Configuration();
        long started = System.nanoTime();
        try (BufferedWriter out = Files.newBufferedWriter(acknowledgedFile, StandardCharsets.UTF_8);
             EventProducer producer = new EventProducer(bootstrapServers, topics.get(JobOptions.BEHAVIOUR_TOPIC),
                     topics.get(JobOptions.PROFILE_TOPIC))) {
            producer.onAcknowledged(event -> {
                synchronized (out) {
                    try {
                        out.write(event.getUserId() + "\t" + event.getEventId() + "\t"
                                + event.getEventTime().toEpochMilli() + "\n");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
            ReplayPace pace = new ReplayPace(rate, burstAfter, burstEvents, burstRate);
            System.out.printf("replaying %d behaviours from %s at %d/s%s to %s%n", window.replay(),
                    Instant.ofEpochMilli(window.cutTime()), rate, burstEvents == 0 ? "" : String.format(
                            ", %d of them at %d/s after the first %d", burstEvents, burstRate, burstAfter),
                    bootstrapServers);
            producer.replay(log, window.skip(), window.replay(), Instant.now().plus(Duration.ofDays(1)), pace, 0);
            producer.close();
            System.out.printf("sent %d behaviours (%d records with profiles), %d not acknowledged, in %.1f s%n",
                    producer.behavioursSent(), producer.sent(), producer.sendFailures(),
                    (System.nanoTime() - started) / 1e9);
            return producer.sendFailures() == 0 ? 0 : 1;
        }
    }
}
