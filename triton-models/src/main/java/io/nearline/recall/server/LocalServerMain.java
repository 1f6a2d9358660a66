package io.nearline.recall.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the local inference server standalone with the frequency test-fixture model, on a catalogue
 * file of rendered semantic IDs or on synthetic IDs; arguments are {@code --key=value} options.
 */
public final class LocalServerMain {

  private LocalServerMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    LocalServerOptions options = LocalServerOptions.fromArgs(args);
    List<int[]> ids = options.catalogue().isEmpty()
        ? FixtureSemanticIds.generate(options.fixtureIds(), options.fixtureLevels(), options.fixtureCodes(),
            options.fixtureSeed())
        : readCatalogue(Path.of(options.catalogue()));
    CodeTrie trie = CodeTrie.of(ids);
    int codes = Math.max(options.fixtureCodes(), largestCode(ids) + 1);
    GenerativeRecallModel model = new FrequencyFixtureModel(codes, options.fixtureSeed());
    LocalInferenceServer server = LocalInferenceServer.start(options, model, trie);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "local-server-stop"));
    System.out.printf("serving model '%s' (%s, a test fixture) over %d semantic IDs on gRPC port %d%n",
        options.modelName(), model.name(), trie.size(), server.port());
    server.awaitTermination();
  }

  /** One rendered ID per line; blank lines and lines starting with '#' are skipped; bad lines are errors. */
  static List<int[]> readCatalogue(Path file) throws IOException {
    List<int[]> ids = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<int[]> found;
      try {
        found = SemanticIdTokens.findAll(line);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
      if (found.size() != 1 || !SemanticIdTokens.render(found.get(0), found.get(0).length).equals(line)) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected exactly one rendered ID, got '"
            + line + "'");
      }
      ids.add(found.get(0));
    }
    return ids;
  }

  private static int largestCode(List<int[]> ids) {
    int largest = 0;
    for (int[] id : ids) {
      for (int code : id) {
        largest = Math.max(largest, code);
      }
    }
    return largest;
  }
}
