package io.nearline.recall.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class InferenceClientOptionsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    InferenceClientOptions options = InferenceClientOptions.fromMap(Map.of());
    assertEquals("localhost:8001", options.target());
    assertEquals("ensemble", options.modelName());
    assertEquals(100, options.beamWidth());
    assertEquals(Duration.ofMillis(250), options.deadline());
    assertEquals(TensorDatatype.INT32, options.integerDatatype());
  }

  @Test
  void keysOverrideDefaultsAndOtherPrefixesAreIgnored() {
    InferenceClientOptions options = InferenceClientOptions.fromMap(Map.of(
        "triton.target", "triton:9001", "triton.beam-width", "300", "triton.returned-sequences", "300",
        "triton.deadline-ms", "80", "triton.integer-datatype", "UINT32", "redis.host", "x"));
    assertEquals("triton:9001", options.target());
    assertEquals(300, options.newRequest("r", "u", "p").beamWidth());
    assertEquals(Duration.ofMillis(80), options.deadline());
    assertEquals(TensorDatatype.UINT32, options.integerDatatype());
  }

  @Test
  void unknownKeysAndBadValuesNameTheKey() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> InferenceClientOptions.fromMap(Map.of("triton.beam-widht", "3")));
    assertTrue(unknown.getMessage().contains("triton.beam-widht"));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> InferenceClientOptions.fromMap(Map.of("triton.max-attempts", "many")));
    assertTrue(bad.getMessage().contains("triton.max-attempts"));
  }

  @Test
  void returnedSequencesAboveTheBeamWidthAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> InferenceClientOptions.builder().beamWidth(5).returnedSequences(6).build());
  }

  @Test
  void theReadmeTableListsExactlyTheKeysTheOptionsRead() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Set<String> documented = new LinkedHashSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `(triton\\.[a-z-]+)` \\|").matcher(readme);
    while (row.find()) {
      documented.add(row.group(1));
    }
    assertEquals(InferenceClientOptions.keys(), documented);
  }
}
