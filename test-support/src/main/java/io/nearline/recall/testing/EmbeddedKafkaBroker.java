package io.nearline.recall.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker in KRaft combined mode (broker and controller in one), run from the
 * Kafka jars in this JVM: storage formatted with Kafka's StorageTool, then the same server class that
 * {@code kafka.Kafka} starts. For the demo and integration tests; production uses a real cluster.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private final Path logDir;
    private final int port;
    private final KafkaRaftServer server;
    private final Map<String, String> clientSettings;
    private final boolean keepData;

    private static final String SCRAM = "SCRAM-SHA-256";

    private EmbeddedKafkaBroker(Path logDir, int port, KafkaRaftServer server, Map<String, String> clientSettings,
                                boolean keepData) {
        this.logDir = logDir;
        this.port = port;
        this.server = server;
        this.clientSettings = clientSettings;
        this.keepData = keepData;
    }

    /** Formats a fresh log directory and starts a broker on free loopback ports. */
    public static EmbeddedKafkaBroker start() {
        return start(null, null);
    }

    /**
     * A plain broker on given ports whose log directory outlives it: started again on the same folder and ports
     * (a broker restart), it keeps its topics, records and committed offsets. {@link #close()} leaves the folder.
     */
    public static EmbeddedKafkaBroker startKeeping(Path logDir, int port, int controllerPort) {
        try {
            Files.createDirectories(logDir);
            return start(logDir, port, controllerPort, null, null, null, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker in " + logDir, e);
        }
    }

    /**
     * As {@link #start()}, but clients must authenticate with SCRAM-SHA-256 over SASL_PLAINTEXT as
     * {@code user} (created at format time); the controller listener stays PLAINTEXT on loopback.
     */
    public static EmbeddedKafkaBroker startWithScram(String user, String password) {
        return start(user, password, null);
    }

    /**
     * As {@link #startWithScram}, over TLS (SASL_SSL) with {@code certificate}'s key store: what a production
     * broker asks of every client; the clients trust {@code certificate} as a PEM trust store.
     */
    public static EmbeddedKafkaBroker startWithScramOverTls(String user, String password,
                                                            SelfSignedCertificate certificate) {
        return start(user, password, certificate);
    }

    private static EmbeddedKafkaBroker start(String scramUser, String scramPassword) {
        return start(scramUser, scramPassword, null);
    }

    private static EmbeddedKafkaBroker start(String scramUser, String scramPassword, SelfSignedCertificate tls) {
        try {
            return start(Files.createTempDirectory("nearline-kafka-"), freePort(), freePort(), scramUser, scramPassword,
                    tls, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Kafka broker", e);
        }
    }

    private static EmbeddedKafkaBroker start(Path logDir, int port, int controllerPort, String scramUser,
                                             String scramPassword, SelfSignedCertificate tls, boolean keepData) {
        try {
            boolean scram = scramUser != null;
            String listener = scram ? "SASL" : "PLAINTEXT";
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.put("listeners", listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", listener + "://127.0.0.1:" + port);
            props.put("controller.listener.names", "CONTROLLER");
            String protocol = !scram ? "PLAINTEXT" : tls == null ? "SASL_PLAINTEXT" : "SASL_SSL";
            props.put("listener.security.protocol.map",
                    (scram ? "SASL:" + protocol : "PLAINTEXT:PLAINTEXT") + ",CONTROLLER:PLAINTEXT");
            props.put("inter.broker.listener.name", listener);
            Map<String, String> clientSettings = new HashMap<>();
            if (scram) {
                String jaas = scramJaas(scramUser, scramPassword);
                props.put("sasl.enabled.mechanisms", SCRAM);
                props.put("sasl.mechanism.inter.broker.protocol", SCRAM);
                // the broker logs in as the same user on its own (inter-broker) listener
                props.put("listener.name.sasl.scram-sha-256.sasl.jaas.config", jaas);
                clientSettings = new HashMap<>(Map.of("security.protocol", protocol, "sasl.mechanism", SCRAM,
                        "sasl.jaas.config", jaas));
            }
            if (tls != null) {
                props.put("ssl.keystore.type", "PKCS12");
                props.put("ssl.keystore.location", tls.keyStore().toString());
                props.put("ssl.keystore.password", SelfSignedCertificate.KEY_STORE_PASSWORD);
                props.put("ssl.key.password", SelfSignedCertificate.KEY_STORE_PASSWORD);
                // the broker's own client (inter-broker) and every other trust the certificate as a PEM trust store
                props.put("ssl.truststore.type", "PEM");
                props.put("ssl.truststore.location", tls.certificate().toString());
                clientSettings.put("ssl.truststore.type", "PEM");
                clientSettings.put("ssl.truststore.location", tls.certificate().toString());
            }
            clientSettings = Map.copyOf(clientSettings);
            props.put("log.dirs", logDir.toString());
            props.put("num.partitions", "2");
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "1");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("auto.create.topics.enable", "false");
            props.put("log.flush.interval.messages", "100000");
            Path config = logDir.resolve("server.properties");
            try (var out = Files.newOutputStream(config)) {
                props.store(out, "nearline-recall embedded broker");
            }
            // KRaft keeps SCRAM credentials in the metadata log: they must be there before the first client; a kept
            // folder formatted before holds its cluster id, and formatting it again with a new one is refused
            if (!keepData || !Files.exists(logDir.resolve("meta.properties"))) {
                format(config, scram ? List.of("--add-scram", SCRAM + "=[name=" + scramUser + ",password=" + scramPassword
                        + "]") : List.of());
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            return new EmbeddedKafkaBroker(logDir, port, server, clientSettings, keepData);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Kafka broker", e);
        }
    }

    /** The JAAS line a SCRAM client (or the broker itself) logs in with. */
    public static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static void format(Path config, List<String> extra) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("format", "--config", config.toString(),
                "--cluster-id", Uuid.randomUuid().toString(), "--ignore-formatted"));
        args.addAll(extra);
        int exit = StorageTool.execute(args.toArray(String[]::new), new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("kafka-storage format failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Client settings a Kafka client needs besides the bootstrap servers: empty, or the SCRAM login. */
    public Map<String, String> clientSettings() {
        return clientSettings;
    }

    /** Creates topics (ignoring those that exist) with the given partitions; compacted when named in {@code compacted}. */
    public void createTopics(int partitions, List<String> topics, List<String> compacted) {
        createTopics(bootstrapServers(), clientSettings, partitions, topics, compacted);
    }

    /** As {@link #createTopics(int, List, List)}, on the broker at {@code bootstrapServers} (another process). */
    public static void createTopics(String bootstrapServers, Map<String, String> clientSettings, int partitions,
                                    List<String> topics, List<String> compacted) {
        Map<String, Object> adminSettings = new HashMap<>(clientSettings);
        adminSettings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(adminSettings)) {
            List<NewTopic> requested = new ArrayList<>();
            for (String topic : topics) {
                NewTopic newTopic = new NewTopic(topic, partitions, (short) 1);
                if (compacted.contains(topic)) {
                    newTopic.configs(Map.of("cleanup.policy", "compact"));
                }
                requested.add(newTopic);
            }
            for (var result : admin.createTopics(requested).values().values()) {
                try {
                    result.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topics " + topics, e.getCause());
                    }
                }
            }
            awaitLeaders(admin, topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Waits until every partition of {@code topics} has a leader. A produce request sent before that fails
     * retriably, and an idempotent producer whose later batch got in first then retries the failed one forever
     * (OutOfOrderSequenceException, KAFKA-14359): a test's first records never arrive.
     */
    private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                boolean led = admin.describeTopics(topics).allTopicNames().get().values().stream()
                        .allMatch(topic -> topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (led) {
                    return;
                }
            } catch (ExecutionException e) {
                // not known to the metadata yet: ask again
            }
            if (System.nanoTime() > until) {
                throw new IllegalStateException("partitions of " + topics + " have no leader after 30 s");
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (!keepData) {
            deleteRecursively(logDir);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    public static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
