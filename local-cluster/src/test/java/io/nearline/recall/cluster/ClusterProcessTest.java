package io.nearline.recall.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterProcessTest {

    @Test
    void aStartedProcessIsFoundThroughItsPidFileAndStopped(@TempDir Path dir) throws Exception {
        ClusterLayout layout = new ClusterLayout(dir);
        ClusterProcess sleeper = new ClusterProcess("sleeper", layout);
        // the command names the state folder ($0 of the shell), as every command of the cluster does; the shell
        // stays (it would exec a last command in its place)
        sleeper.start(List.of("bash", "-c", "echo started; sleep 60; exit 0", dir.toString()), Map.of());
        assertTrue(new ClusterProcess("sleeper", layout).alive(), "another handle finds it by its pid file");
        assertThrows(IllegalStateException.class, () -> sleeper.start(List.of("true"), Map.of()));
        assertTrue(sleeper.stop(Duration.ofSeconds(5)));
        assertFalse(sleeper.alive());
        assertFalse(sleeper.stop(Duration.ofSeconds(5)), "nothing left to stop");
        assertTrue(sleeper.logTail(5).contains("started"));
    }

    @Test
    void aPidFileNamingAProcessOfSomethingElseIsNotTakenForOurs(@TempDir Path dir) throws Exception {
        ClusterLayout layout = new ClusterLayout(dir);
        Files.createDirectories(layout.pids());
        // this JVM is alive, but its command line does not name the state folder: a reused pid
        Files.writeString(layout.pid("jobmanager"), Long.toString(ProcessHandle.current().pid()));
        ClusterProcess stale = new ClusterProcess("jobmanager", layout);
        assertFalse(stale.alive());
        assertFalse(stale.stop(Duration.ofSeconds(1)), "a process not ours is never signalled");
        assertEquals(ProcessHandle.current().pid(), stale.pid().orElseThrow());
    }
}
