package io.nearline.recall.job.catalogue;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.DeliveryStatus;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecalledObject;
import io.nearline.recall.inference.GeneratedBeam;
import io.nearline.recall.job.JobOptions;
import io.nearline.recall.job.KafkaConnections;
import io.nearline.recall.job.NearlineRecallJob;
import io.nearline.recall.job.inference.GeneratedRecall;
import io.nearline.recall.job.inference.RecallServiceFactory;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.semantic.Codebook;
import io.nearline.recall.semantic.IdAssignments;
import io.nearline.recall.semantic.SemanticIdStore;
import io.nearline.recall.testing.Await;
import io.nearline.recall.testing.CollectingSink;
import io.nearline.recall.testing.TestEvents;
import io.nearline.recall.tiering.EveryNthBehaviourPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the catalogue input's tests share: saved semantic IDs of two objects, {@code a} and {@code d}; a
 * model that always generates both; and the job on a MiniCluster reading behaviours and the catalogue
 * topic from a real broker, firing on every behaviour, its recalls collected.
 */
final class CatalogueJobRun implements AutoCloseable {

    static final String BEHAVIOURS = "behaviour-events";
    static final String OBJECTS = "marketing-objects";

    final String idsA;
    final String idsD;
    final CollectingSink<RecallResult> recalls = new CollectingSink<>();
    private final KafkaProducer<byte[], byte[]> producer;
    private JobClient job;
    private int sent;

    private CatalogueJobRun(String idsA, String idsD, KafkaProducer<byte[], byte[]> producer) {
        this.idsA = idsA;
        this.idsD = idsD;
        this.producer = producer;
    }

    /** Saves the IDs under {@code dir} and opens a producer to the broker with {@code clientSettings}. */
    static CatalogueJobRun prepare(Path dir, String bootstrap, Map<String, String> clientSettings) throws Exception {
        float[][][] centroids = {{{-1f}, {1f}}, {{-0.5f}, {0.5f}}};
        IdAssignments assignments = new IdAssignments(new Codebook(1, "test-vectors", centroids), false, 256);
        assignments.assign("a", new float[] {1.6f});
        assignments.assign("d", new float[] {-1.6f});
        new SemanticIdStore(dir).save(assignments);
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put("bootstrap.servers", bootstrap);
        settings.put("acks", "all");
        return new CatalogueJobRun(assignments.idOf("a").orElseThrow().render(),
                assignments.idOf("d").orElseThrow().render(),
                new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** The job's settings: the broker, these IDs, and {@code extra} (kafka.properties.* ...). */
    static Map<String, String> settings(Path dir, String bootstrap, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put(JobOptions.KAFKA_BOOTSTRAP.key(), bootstrap);
        settings.put(JobOptions.SEMANTIC_IDS_DIR.key(), dir.toString());
        settings.put(JobOptions.CATALOGUE_TOPIC.key(), OBJECTS);
        return settings;
    }

    /** Starts the job with the catalogue from its topic, as the production job does. */
    void start(Map<String, String> settings) throws Exception {
        Configuration config = Configuration.fromMap(settings);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, config);
        NearlineRecallJob.builder(config)
                .input(KafkaConnections.inputSource(config))
                .catalogueUpdates(KafkaConnections.catalogueSource(config), KafkaConnections.catalogueEnd(config))
                .triggerPolicy(new EveryNthBehaviourPolicy(1))
                .deadLetters(new CollectingSink<>())
                .recallService(generating(List.of(idsA, idsD)))
                .recallStore(recalls)
                .build()
                .build(env);
        job = env.executeAsync("catalogue-input-test");
    }

    /** A model that answers every request with these beams, best first. */
    static RecallServiceFactory generating(List<String> beams) {
        return () -> request -> CompletableFuture.completedFuture(GeneratedRecall.of(request, "fixed:1",
                beams.stream().map(text -> new GeneratedBeam(text, -1f)).toList()));
    }

    static MarketingObject object(String id, DeliveryStatus status, long second) {
        return MarketingObject.newBuilder().setObjectId(id).setStatus(status)
                .setUpdateTime(Instant.ofEpochSecond(second)).build();
    }

    void publish(MarketingObject object) throws Exception {
        send(OBJECTS, object.getObjectId(), Codecs.marketingObjects().encode(object));
    }

    void send(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    }

    /**
     * Sends behaviours of one user until a recall written after the latest one names exactly {@code objects};
     * the catalogue arrives on its own input, so a change shows in the recalls that follow it.
     */
    void awaitRecallOf(Set<String> objects, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int before = recalls.collected().size();
            send(BEHAVIOURS, "u1", Codecs.behaviourEvents().encode(TestEvents.behaviour("e" + sent++, "u1", "a",
                    Action.CLICK, Instant.now())));
            Await.until(() -> recalls.collected().size() > before, () -> "a recall after behaviour " + sent
                    + "; recalls so far " + named(recalls.collected()), Duration.ofSeconds(60), Duration.ofMillis(50));
            List<RecallResult> all = recalls.collected();
            if (named(all.get(all.size() - 1)).equals(objects)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no recall of " + objects + " within " + timeout + ": " + named(all));
            }
            Thread.sleep(200);
        }
    }

    static Set<String> named(RecallResult result) {
        Set<String> objects = new TreeSet<>();
        for (RecalledObject object : result.getObjects()) {
            objects.add(object.getObjectId());
        }
        return objects;
    }

    private static List<Set<String>> named(List<RecallResult> results) {
        return results.stream().map(CatalogueJobRun::named).toList();
    }

    @Override
    public void close() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
        producer.close();
    }
}
