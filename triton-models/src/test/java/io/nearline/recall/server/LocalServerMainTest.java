package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalServerMainTest {

    @TempDir
    Path dir;

    @Test
    void aCatalogueFileHoldsOneRenderedIdPerLine() throws Exception {
        Path file = Files.writeString(dir.resolve("ids.txt"), "# catalogue\n<a_1><b_2><c_3><d_4>\n\n<a_5><b_6><c_7><d_8>\n");
        List<int[]> ids = LocalServerMain.readCatalogue(file);
        assertEquals(2, ids.size());
        assertArrayEquals(new int[] {5, 6, 7, 8}, ids.get(1));
    }

    @Test
    void aBadCatalogueLineIsReportedWithItsNumber() throws Exception {
        Path file = Files.writeString(dir.resolve("ids.txt"), "<a_1><b_2>\n<a_1><b_2> <a_3>\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalServerMain.readCatalogue(file));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void argumentsAreServerOptionsWithoutThePrefix() {
        LocalServerOptions options = LocalServerOptions.fromArgs(new String[] {"--port=0", "--fixture-ids=500"});
        assertEquals(0, options.port());
        assertEquals(500, options.fixtureIds());
        assertEquals("ensemble", options.modelName());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> LocalServerOptions.fromArgs(new String[] {"--prot=1"}));
        assertTrue(unknown.getMessage().contains("--prot"), unknown.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> LocalServerOptions.fromArgs(new String[] {"--port=many"}));
        assertTrue(bad.getMessage().contains("server.port=many"), bad.getMessage());
    }

    @Test
    void theReadmeTableListsExactlyTheKeysTheOptionsRead() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Set<String> documented = new LinkedHashSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `(server\\.[a-z-]+)` \\|").matcher(readme);
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertEquals(LocalServerOptions.keys(), documented);
        for (org.apache.flink.configuration.ConfigOption<?> option : LocalServerOptions.ALL) {
            if (option == LocalServerOptions.INFERENCE_THREADS) {
                continue; // the README says "cores": the default is this machine's
            }
            String text = io.nearline.recall.config.OptionValues.defaultText(option);
            String line = "| `" + option.key() + "` | " + (text.isEmpty() ? "(empty)" : "`" + text + "`") + " |";
            assertTrue(readme.contains(line), "README lacks the row starting " + line);
        }
    }
}
