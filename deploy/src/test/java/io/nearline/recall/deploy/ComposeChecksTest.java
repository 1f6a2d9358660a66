package io.nearline.recall.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.testing.PythonRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate_deploy.py over the repository's docker-compose.yml broken in one way at a time: each break is named, so
 * the checks that pass on the real file are ones that can fail.
 */
class ComposeChecksTest {

    private static PythonRunner python;
    private static String compose;

    @BeforeAll
    static void findPython() throws Exception {
        Optional<PythonRunner> found = PythonRunner.withModules("yaml");
        Assumptions.assumeTrue(found.isPresent(), "no python3 with PyYAML among " + PythonRunner.candidates());
        python = found.get();
        compose = Files.readString(PythonRunner.repositoryRoot().resolve("docker-compose.yml"));
    }

    private static String problems(Path dir, String from, String to) throws Exception {
        assertTrue(compose.contains(from), "the compose file has " + from);
        Path broken = Files.writeString(dir.resolve("docker-compose.yml"), compose.replace(from, to));
        PythonRunner.Result result = python.run(60,
                PythonRunner.repositoryRoot().resolve("deploy/validate_deploy.py").toString(),
                PythonRunner.repositoryRoot().toString(), "--compose", broken.toString());
        assertEquals(1, result.exitCode(), result.output());
        return result.output();
    }

    @Test
    void composeItselfRefusesToStartWithoutAPassword_andAcceptsTheFileWithOne(@TempDir Path dir) throws Exception {
        Path binary = Path.of("/usr/bin/docker-compose");
        Assumptions.assumeTrue(Files.isExecutable(binary), "no docker-compose (Debian's docker-compose package)");
        Path root = PythonRunner.repositoryRoot();
        // an empty env file, so that a developer's own .env plays no part
        String envFile = Files.writeString(dir.resolve("empty.env"), "").toString();
        ProcessBuilder without = new ProcessBuilder(binary.toString(), "--env-file", envFile, "config", "-q")
                .directory(root.toFile()).redirectErrorStream(true);
        without.environment().remove("REDIS_PASSWORD");
        Process refused = without.start();
        String said = new String(refused.getInputStream().readAllBytes());
        assertTrue(refused.waitFor() != 0 && said.contains("set REDIS_PASSWORD in .env"), said);

        ProcessBuilder with = new ProcessBuilder(binary.toString(), "--env-file", envFile, "config", "-q")
                .directory(root.toFile()).redirectErrorStream(true);
        with.environment().put("REDIS_PASSWORD", "only-for-this-check");
        Process accepted = with.start();
        String output = new String(accepted.getInputStream().readAllBytes());
        assertEquals(0, accepted.waitFor(), output);
    }

    @Test
    void aPortOnEveryInterface_isNamed(@TempDir Path dir) throws Exception {
        String out = problems(dir, "\"127.0.0.1:8081:8081\"", "\"8081:8081\"");
        assertTrue(out.contains("compose jobmanager: port 8081:8081 is published on every interface"), out);
    }

    @Test
    void aPasswordWrittenIntoTheFile_isNamed(@TempDir Path dir) throws Exception {
        String out = problems(dir, "$${env:REDIS_PASSWORD}", "hunter2");
        assertTrue(out.contains("compose jobmanager: --redis.password is given a literal"), out);
        out = problems(dir, "REDIS_PASSWORD: ${REDIS_PASSWORD:?set REDIS_PASSWORD in .env (cp .env.example .env)}\n"
                + "    ports:", "REDIS_PASSWORD: hunter2\n    ports:");
        assertTrue(out.contains("compose redis: REDIS_PASSWORD must come from the environment or .env"), out);
    }

    @Test
    void aServiceNotWaitingForTheInit_orNoProducer_isNamed(@TempDir Path dir) throws Exception {
        String out = problems(dir, "    depends_on:\n      init:\n        condition: service_completed_successfully\n"
                + "    # The count model", "    depends_on:\n      - init\n    # The count model");
        assertTrue(out.contains("compose inference: must wait for init"), out);
        out = problems(dir, "io.nearline.recall.demo.ClusterProducer", "io.nearline.recall.demo.SomethingElse");
        assertTrue(out.contains("no producer service running io.nearline.recall.demo.ClusterProducer"), out);
    }

    @Test
    void aTopicTheInitDoesNotCreate_orAnOptionNoProgramHas_isNamed(@TempDir Path dir) throws Exception {
        String out = problems(dir, "      - --kafka.bootstrap-servers\n",
                "      - --topics.dead-letters\n      - my-dead-letters\n      - --kafka.bootstrap-servers\n");
        assertTrue(out.contains("--topics.dead-letters my-dead-letters is not a topic the init creates"), out);
        out = problems(dir, "--rate=${RATE:-100}", "--events-per-second=100");
        assertTrue(out.contains("compose producer: option --events-per-second is not one the program defines"), out);
        out = problems(dir, "\"--model=/recall-model/count-model.bin\"", "\"--model-file=/recall-model/count-model.bin\"");
        assertTrue(out.contains("compose inference: option --model-file is not one the program defines"), out);
    }
}
