package io.nearline.recall.prompt.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.behaviour.BehaviourLog;
import io.nearline.recall.behaviour.BehaviourLogOptions;
import io.nearline.recall.behaviour.BehaviourLogs;
import io.nearline.recall.prompt.SemanticIdLookup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --objects-out}: every catalogue object with a semantic ID, its rendered ID and bid eCPM, under a version header. */
class SampleObjectsTest {

    @Test
    void writesEveryObjectWithItsIdAndEcpmUnderTheVersionHeader(@TempDir Path folder) throws Exception {
        BehaviourLog log = BehaviourLogs.open("generator", BehaviourLogOptions.defaults().withUsers(20).withEvents(500));
        SemanticIdLookup ids = StandInSemanticIds.fromCatalogue(log.catalogue());
        Path file = folder.resolve("objects.tsv");
        long written = SampleCommand.writeObjects(log.catalogue(), ids, file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals("# semantic-id-version=" + ids.version(), lines.get(0));
        assertEquals(written, lines.size() - 1);
        assertEquals(log.catalogue().size(), written);
        MarketingObject first = log.catalogue().get(0);
        String[] fields = lines.get(1).split("\t", -1);
        assertEquals(first.getObjectId(), fields[0]);
        assertEquals(ids.render(first.getObjectId()).orElseThrow(), fields[1]);
        assertEquals(first.getAttributes().get("bid_ecpm"), fields[2]);
        assertTrue(Double.parseDouble(fields[2]) > 0);
    }
}
