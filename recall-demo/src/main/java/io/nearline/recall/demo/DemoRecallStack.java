package io.nearline.recall.demo;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.Domain;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogs;
import io.nearline.recall.inference.InferenceClientOptions;
import io.nearline.recall.inference.TritonGrpcClient;
import io.nearline.recall.inference.kserve.ModelStatistics;
import io.nearline.recall.model.ModelTrainer;
import io.nearline.recall.model.RecallModelOptions;
import io.nearline.recall.model.SemanticIdSet;
import io.nearline.recall.schema.Codecs;
import io.nearline.recall.semantic.CatalogueTopicFollower;
import io.nearline.recall.semantic.CodebookVectors;
import io.nearline.recall.semantic.CooccurrenceVectors;
import io.nearline.recall.semantic.IdAssignments;
import io.nearline.recall.semantic.LiveCatalogue;
import io.nearline.recall.semantic.SemanticIdBuilder;
import io.nearline.recall.semantic.SemanticIdOptions;
import io.nearline.recall.semantic.SemanticIdStore;
import io.nearline.recall.semantic.StoredIds;
import io.nearline.recall.semantic.TextEmbedder;
import io.nearline.recall.server.GenerativeRecallModel;
import io.nearline.recall.server.LocalInferenceServer;
import io.nearline.recall.server.LocalServerOptions;
import io.nearline.recall.server.RecallModelAdapter;
import io.nearline.recall.server.SemanticIdConstraint;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The generative half of the demo, prepared from the behaviour before the replay window: semantic IDs
 * of the catalogue (learned from co-occurrence, saved like the ID builder saves them), the recall
 * model trained on the same history, the catalogue published to its compacted topic, and the local
 * inference server speaking Triton's protocol with beam search constrained to the live trie. The server
 * follows the catalogue topic itself, as a Triton deployment's constraint would; the job reads it as
 * its own Flink input. {@code bin/bench} serves the whole job from the same stack.
 */
public final class DemoRecallStack implements AutoCloseable {

    final Path idsDirectory;
    final int objectsWithIds;
    final int trainingSequences;
    final String modelVersion;
    /** What the server generates with, as the summary names it. */
    final String modelDescription;
    private final CatalogueTopicFollower catalogue;
    private final GenerativeRecallModel model;
    private final SemanticIdConstraint constraint;
    private final int port;
    private LocalInferenceServer server;
    private Duration modelLatency = Duration.ZERO;

    private DemoRecallStack(Path idsDirectory, int objectsWithIds, int trainingSequences, String modelVersion,
                            CatalogueTopicFollower catalogue, GenerativeRecallModel model,
                            SemanticIdConstraint constraint) {
        this.idsDirectory = idsDirectory;
        this.objectsWithIds = objectsWithIds;
        this.trainingSequences = trainingSequences;
        this.modelVersion = modelVersion;
        this.modelDescription = model.name() + " " + model.version()
                + (model.runtime().isEmpty() ? "" : " (" + model.runtime() + ")");
        this.catalogue = catalogue;
        this.model = model;
        this.constraint = constraint;
        this.server = LocalInferenceServer.start(0, model, constraint);
        this.port = server.port();
    }

    public static DemoRecallStack prepare(BehaviourLog log, long trainUntilMillis, boolean idsFromText,
                                   EmbeddedKafkaBroker kafka, String catalogueTopic) throws IOException {
        return prepare(log, trainUntilMillis, idsFromText, kafka, catalogueTopic, DemoModel.COUNT, null);
    }

    /**
     * As above, serving the given kind of model; the recall LLM ({@code transformer}, {@code fusion}) is trained
     * first by {@code python} on samples of the history written by the serving prompt code.
     */
    static DemoRecallStack prepare(BehaviourLog log, long trainUntilMillis, boolean idsFromText,
                                   EmbeddedKafkaBroker kafka, String catalogueTopic, DemoModel kind, String python)
            throws IOException {
        Path directory = Files.createTempDirectory("nearline-semantic-ids-");
        Learned learned = learn(log, trainUntilMillis, idsFromText, directory);
        IdAssignments assignments = learned.assignments();
        var trained = learned.trained();
        Map<String, List<String>> sequences = learned.sequences();

        GenerativeRecallModel count = new RecallModelAdapter(trained.model());
        GenerativeRecallModel served = kind == DemoModel.COUNT ? count
                : kind.serve(RecallLlm.trained(new HistoryLog(log, trainUntilMillis), directory, python), count);

        publishCatalogue(kafka.bootstrapServers(), kafka.clientSettings(), catalogueTopic, log.catalogue());
        // the server's own copy of the catalogue, from the saved IDs as the job's are
        if (!(new SemanticIdStore(directory).loadLatest() instanceof StoredIds.Loaded loaded)) {
            throw new IllegalStateException("semantic IDs saved under " + directory + " do not load");
        }
        IdAssignments saved = loaded.assignments();
        LiveCatalogue live = new LiveCatalogue(saved, CodebookVectors.forCodebook(saved.codebook()));
        CatalogueTopicFollower follower = CatalogueTopicFollower.start(live, kafka.bootstrapServers(), catalogueTopic,
                kafka.clientSettings());
        try {
            if (!follower.awaitCaughtUp(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the inference server's catalogue did not load from " + catalogueTopic);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the server's catalogue", e);
        }
        return new DemoRecallStack(directory, assignments.size(), sequences.size(),
                trained.model().header().modelVersion(), follower, served,
                new SemanticIdConstraint(() -> live.snapshot().trie(), assignments.format()));
    }

    /** The semantic IDs saved in a folder and the count model trained over them, from the same history. */
    record Learned(IdAssignments assignments, ModelTrainer.Trained trained, Map<String, List<String>> sequences) {}

    /**
     * Builds the catalogue's semantic IDs from the history before {@code trainUntilMillis} and saves them in
     * {@code directory} (as the ID builder does, where the job reads them), then trains the count model over them
     * on the same history's recall targets.
     */
    static Learned learn(BehaviourLog log, long trainUntilMillis, boolean idsFromText, Path directory)
            throws IOException {
        Map<String, List<String>> sequences = BehaviourLogs.sequences(log,
                event -> event.getEventTime().toEpochMilli() < trainUntilMillis && isRecallTarget(event));
        SemanticIdOptions idOptions = SemanticIdOptions.defaults();
        Map<String, float[]> vectors = new LinkedHashMap<>();
        String vectorSource = idsFromText ? textVectors(log, idOptions, vectors)
                : behaviourVectors(log, trainUntilMillis, idOptions, vectors);
        var outcome = new SemanticIdBuilder(idOptions, new SemanticIdStore(directory))
                .build(vectors, vectorSource, false);
        if (outcome instanceof SemanticIdBuilder.Outcome.Failed failed) {
            throw new IllegalStateException("semantic IDs could not be built: " + failed.problems());
        }
        IdAssignments assignments = ((SemanticIdBuilder.Outcome.Built) outcome).assignments();
        var trained = ModelTrainer.train(sequences.values(), SemanticIdSet.of(assignments), log.name(),
                RecallModelOptions.defaults());
        return new Learned(assignments, trained, sequences);
    }

    /** Embeddings of the objects' text: every object with text gets an ID (a minute or more of CPU for thousands). */
    private static String textVectors(BehaviourLog log, SemanticIdOptions options, Map<String, float[]> into) {
        TextEmbedder embedder = TextEmbedder.of(options);
        for (MarketingObject object : log.catalogue()) {
            embedder.vectorOf(object).ifPresent(vector -> into.put(object.getObjectId(), vector));
        }
        return embedder.describe();
    }

    /**
     * Co-occurrence in the history of every ad behaviour, impressions included (seconds, and objects
     * nobody clicked yet still get an ID if they were shown); objects never shown get none.
     */
    private static String behaviourVectors(BehaviourLog log, long trainUntilMillis, SemanticIdOptions options,
                                           Map<String, float[]> into) {
        Map<String, List<String>> shown = BehaviourLogs.sequences(log, event ->
                event.getEventTime().toEpochMilli() < trainUntilMillis && event.getDomain() == Domain.AD);
        CooccurrenceVectors learned = CooccurrenceVectors.learn(shown.values(), options);
        into.putAll(learned.all());
        return learned.describe();
    }

    /** Recall is trained on, and judged against, clicks and conversions on ads. */
    static boolean isRecallTarget(BehaviourEvent event) {
        return event.getDomain() == Domain.AD
                && (event.getAction() == Action.CLICK || event.getAction() == Action.CONVERSION);
    }

    /** Publishes every object to the compacted catalogue topic, keyed by its ID. */
    static void publishCatalogue(String bootstrapServers, Map<String, String> clientSettings, String topic,
                                 List<MarketingObject> objects) {
        var codec = Codecs.marketingObjects();
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put("bootstrap.servers", bootstrapServers);
        settings.put("acks", "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings,
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (MarketingObject object : objects) {
                producer.send(new ProducerRecord<>(topic, object.getObjectId().getBytes(StandardCharsets.UTF_8),
                        codec.encode(object)));
            }
        }
    }

    /** Where the inference server listens, as {@code triton.target} takes it. */
    public String target() {
        return "127.0.0.1:" + port;
    }

    /** The folder of the saved semantic IDs, as {@code catalogue.semantic-ids-dir} takes it. */
    public Path idsDirectory() {
        return idsDirectory;
    }

    /** What the server generates with: the model's name and version. */
    public String modelDescription() {
        return modelDescription;
    }

    /** Sets the server's {@code server.model-latency}, as a slower model would answer. */
    public void modelLatency(Duration latency) {
        server.modelLatency(latency);
        modelLatency = latency;
    }

    /** The server's account of its requests so far, asked as any Triton is asked (ModelStatistics over gRPC). */
    public ModelStatistics serverStatistics() throws Exception {
        // the client's default deadline (250 ms) is for recall calls; connecting on busy cores may take longer
        try (TritonGrpcClient client = TritonGrpcClient.connect(InferenceClientOptions.builder()
                .target("127.0.0.1", port).deadline(Duration.ofSeconds(10)).build())) {
            return client.statistics().get(30, TimeUnit.SECONDS);
        }
    }

    /** {@link #serverStatistics()} as the summary's figures. */
    Map<String, Object> serverFigures() throws Exception {
        return ServerFigures.of(serverStatistics());
    }

    /** Stops the inference server abruptly, failing calls in flight (an outage). */
    void stopServer() {
        server.close();
    }

    /** Starts the inference server again on the same port. */
    void startServer() {
        startServer(LocalServerOptions.builder());
    }

    /** Starts the inference server again on the same port with these options (TLS, a token, ...). */
    void startServer(LocalServerOptions.Builder options) {
        server = LocalInferenceServer.start(options.port(port).modelLatency(modelLatency).build(), model, constraint);
    }

    @Override
    public void close() {
        server.close();
        try {
            model.close();
        } finally {
            try {
                catalogue.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
