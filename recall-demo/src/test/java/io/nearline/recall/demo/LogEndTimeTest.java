package io.nearline.recall.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogEndTimeTest {

    @Test
    void theInitsChoiceIsWhatTheProducerReadsBack(@TempDir Path dir) throws Exception {
        long before = System.currentTimeMillis();
        long chosen = LogEndTime.chooseAndRecord(0, dir);
        assertTrue(chosen > before - 1000 && chosen % 1000 == 0, "now, to the second: " + chosen);
        assertEquals(chosen, LogEndTime.resolve(0, dir.resolve(LogEndTime.FILE_NAME)));

        assertEquals(1_700_000_000_000L, LogEndTime.chooseAndRecord(1_700_000_000_000L, dir), "a time given is kept");
        assertEquals(1_700_000_000_000L, LogEndTime.resolve(0, dir.resolve(LogEndTime.FILE_NAME)));
    }

    @Test
    void neitherOrBoth_orAFileOfSomethingElse_isRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("t"), "yesterday\n");
        assertThrows(IllegalArgumentException.class, () -> LogEndTime.resolve(0, null));
        assertThrows(IllegalArgumentException.class, () -> LogEndTime.resolve(5, file));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> LogEndTime.resolve(0, file));
        assertTrue(error.getMessage().contains("'yesterday'"), error.getMessage());
    }
}
