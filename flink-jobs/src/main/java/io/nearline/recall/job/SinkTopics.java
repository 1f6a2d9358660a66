package io.nearline.recall.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicListing;

/**
 * The topics the job writes must exist before it starts. Kafka's producer waits for a missing topic's metadata
 * ({@code max.block.ms}, a minute) and then fails its sink and the whole job, which restarts into the same wait:
 * a restart every minute that no checkpoint survives. Checked at submission, it is one refusal that names the
 * option instead.
 */
public final class SinkTopics {

    private SinkTopics() {
    }

    /** The written topics, by the option that names them; an empty {@code topics.traces} writes none. */
    static Map<ConfigOption<String>, String> written(Configuration config) {
        Map<ConfigOption<String>, String> topics = new LinkedHashMap<>();
        topics.put(JobOptions.DEAD_LETTER_TOPIC, config.get(JobOptions.DEAD_LETTER_TOPIC));
        if (!config.get(JobOptions.TRACE_TOPIC).isEmpty()) {
            topics.put(JobOptions.TRACE_TOPIC, config.get(JobOptions.TRACE_TOPIC));
        }
        return topics;
    }

    /**
     * Refuses ({@link IllegalArgumentException}, naming each missing topic and its option) when a written topic
     * does not exist; a cluster that cannot be reached within {@code timeout} fails the start as well.
     */
    public static void requireExisting(Configuration config, Duration timeout) {
        Map<String, Object> settings = new HashMap<>(KafkaConnections.clientSettings(config));
        settings.put("bootstrap.servers", config.get(JobOptions.KAFKA_BOOTSTRAP));
        settings.put("default.api.timeout.ms", Long.toString(timeout.toMillis()));
        settings.put("request.timeout.ms", Long.toString(Math.max(1, timeout.toMillis() / 2)));
        Map<String, TopicListing> existing;
        try (Admin admin = Admin.create(settings)) {
            existing = admin.listTopics().namesToListings().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka at " + config.get(JobOptions.KAFKA_BOOTSTRAP) + " not reachable"
                    + " within " + timeout + " to check the topics the job writes (kafka.properties.* wrong?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the topics the job writes", e);
        }
        List<String> missing = new ArrayList<>();
        written(config).forEach((option, topic) -> {
            if (!existing.containsKey(topic)) {
                missing.add(topic + " (" + option.key() + ")");
            }
        });
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the job writes to topics that do not exist on "
                    + config.get(JobOptions.KAFKA_BOOTSTRAP) + ": " + String.join(", ", missing) + "; create them"
                    + " first (" + JobOptions.TRACE_TOPIC.key() + " may be set empty: traces then go to the trace"
                    + " store only)");
        }
    }
}
