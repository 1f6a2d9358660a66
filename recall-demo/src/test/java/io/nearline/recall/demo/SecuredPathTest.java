package io.nearline.recall.demo;

import static io.nearline.recall.demo.GenerativeJobRun.await;
import static io.nearline.recall.demo.GenerativeJobRun.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.job.JobMetrics;
import io.nearline.recall.job.JobOptions;
import io.nearline.recall.job.KafkaConnections;
import io.nearline.recall.job.NearlineRecallJob;
import io.nearline.recall.job.sink.RecallStoreSink;
import io.nearline.recall.server.LocalServerOptions;
import io.nearline.recall.testing.CounterSnapshotReporter;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import io.nearline.recall.testing.EmbeddedRedisServer;
import io.nearline.recall.testing.SelfSignedCertificate;
import io.nearline.recall.testing.TestEvents;
import io.nearline.recall.tiering.EveryNthBehaviourPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path with every connection authenticated and encrypted, as production runs it: Kafka over SASL_SSL
 * (SCRAM) for every client the job has (the input, the rules, the catalogue, the dead letters), Redis over TLS as
 * an ACL user limited to the recall keys, the inference server over TLS checking a bearer token. The job works,
 * and none of the three secrets appears in anything logged at INFO or above while it runs.
 */
class SecuredPathTest {

    private static final String KAFKA_PASSWORD = "kafka-pw-5d1e";
    private static final String REDIS_PASSWORD = "redis-pw-9a0b";
    private static final String TOKEN = "bearer-token-c4f7";

    @Test
    void everyConnectionIsSecured_theJobWorks_andNoSecretIsLogged(@TempDir Path dir) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.generate(dir, "localhost",
                "dns:localhost,ip:127.0.0.1");
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
        GenerativeJobRun run = new GenerativeJobRun(30_000, 3000);
        try (LogCapture logs = LogCapture.start();
             EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.startWithScramOverTls("recall-job", KAFKA_PASSWORD,
                     certificate);
             EmbeddedRedisServer redis = EmbeddedRedisServer.startTls(certificate.certificate(),
                     certificate.privateKey(), null, List.of("user default off",
                             "user recall-job on >" + REDIS_PASSWORD + " ~recall:* ~fallback:* +@all"));
             TestEvents producer = new TestEvents(kafka.bootstrapServers(), kafka.clientSettings())) {
            GenerativeJobRun.prepareTopics(kafka);
            kafka.createTopics(1, List.of("recall-rules", "dead-letters"), List.of("recall-rules"));
            try (DemoRecallStack stack = DemoRecallStack.prepare(run.log, run.cut, false, kafka, "marketing-objects")) {
                stack.stopServer();
                stack.startServer(LocalServerOptions.builder()
                        .tls(certificate.certificate().toString(), certificate.privateKey().toString())
                        .authTokenFile(tokenFile.toString()));
                Configuration config = config(kafka, redis, stack, certificate);
                JobClient job = start(config);
                try {
                    producer.sendRaw("recall-rules", "rules", Files.readAllBytes(
                            Path.of("../user-tiering/src/main/resources/rules/strict-rules.yaml")));
                    producer.sendRaw("behaviour-events", "junk", "not avro".getBytes(StandardCharsets.UTF_8));
                    GenerativeJobRun.send(producer, run.events.subList(run.history, run.history + 1500));
                    await(() -> value(JobMetrics.RECALLS_WRITTEN) >= 10 && value(JobMetrics.RULES_APPLIED) >= 1,
                            "recalls written over TLS as the ACL user, rules read over SASL_SSL",
                            Duration.ofMinutes(3));
                    assertEquals(1, producer.readAll("dead-letters", 1, Duration.ofSeconds(30)).size(),
                            "the malformed record reached the dead-letter topic over SASL_SSL");
                    assertEquals(0, value(JobMetrics.RECALLS_FAILED));
                } finally {
                    job.cancel().get();
                }
            }
            List<String> leaks = logs.linesContaining(KAFKA_PASSWORD, REDIS_PASSWORD, TOKEN);
            assertTrue(logs.lines() > 100, "the capture saw the run's log (" + logs.lines() + " lines)");
            assertTrue(leaks.isEmpty(), "secrets in the log:\n" + String.join("\n", leaks));
        }
    }

    @Test
    void theCaptureFindsASecretThatIsLogged() {
        try (LogCapture logs = LogCapture.start()) {
            org.apache.logging.log4j.LogManager.getLogger("org.apache.kafka.clients.Metadata")
                    .info("a careless line with {}", TOKEN);
            assertEquals(1, logs.linesContaining(KAFKA_PASSWORD, TOKEN).size());
        }
    }

    private static Configuration config(EmbeddedKafkaBroker kafka, EmbeddedRedisServer redis, DemoRecallStack stack,
                                        SelfSignedCertificate certificate) {
        Map<String, String> settings = new HashMap<>();
        settings.put(JobOptions.KAFKA_BOOTSTRAP.key(), kafka.bootstrapServers());
        kafka.clientSettings().forEach((key, value) -> settings.put(KafkaConnections.CLIENT_PROPERTIES + key, value));
        settings.put(JobOptions.SEMANTIC_IDS_DIR.key(), stack.idsDirectory().toString());
        settings.put("triton.target", "localhost:" + stack.target().substring(stack.target().indexOf(':') + 1));
        settings.put("triton.tls.enabled", "true");
        settings.put("triton.tls.trust-cert-file", certificate.certificate().toString());
        settings.put("triton.auth-token", TOKEN);
        settings.put("triton.deadline", "5000");
        settings.put(JobOptions.INFERENCE_TIMEOUT.key(), "10 s");
        settings.put("redis.host", "localhost");
        settings.put("redis.port", Integer.toString(redis.port()));
        settings.put("redis.user", "recall-job");
        settings.put("redis.password", REDIS_PASSWORD);
        settings.put("redis.tls.enabled", "true");
        settings.put("redis.tls.trust-cert-file", certificate.certificate().toString());
        settings.put("metrics.reporter.it.factory.class", CounterSnapshotReporter.Factory.class.getName());
        return Configuration.fromMap(settings);
    }

    private static JobClient start(Configuration config) throws Exception {
        CounterSnapshotReporter.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, config);
        NearlineRecallJob.builder(config)
                .input(KafkaConnections.inputSource(config))
                .rulesUpdates(KafkaConnections.rulesSource(config))
                .triggerPolicy(new EveryNthBehaviourPolicy(5))
                .deadLetters(KafkaConnections.deadLetterSink(config))
                .catalogueUpdates(KafkaConnections.catalogueSource(config), KafkaConnections.catalogueEnd(config))
                .recallService(NearlineRecallJob.recallServiceFrom(config))
                .recallStore(RecallStoreSink.from(config))
                .build()
                .build(env);
        return env.executeAsync("secured-path");
    }
}
