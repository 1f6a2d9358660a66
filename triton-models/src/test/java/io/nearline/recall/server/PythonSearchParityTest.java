package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nearline.recall.llm.LlamaCheckpoint;
import io.nearline.recall.llm.PrefixKvCache;
import io.nearline.recall.llm.TinyCheckpoint;
import io.nearline.recall.testing.PythonRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's search over the Java model against the Python search over the PyTorch model on one checkpoint
 * (the project's {@code checkpoint.load}, {@code llm_scorer} and {@code trie_beam_search}, which offline
 * evaluation in Python uses): the same IDs in the same order with the same scores. Skipped without torch or them.
 */
class PythonSearchParityTest {

    private static final Path REPOSITORY = Path.of("model-repository");

    private static final String SCRIPT = String.join("\n",
            "import json, sys",
            "sys.path.insert(0, sys.argv[1])",
            "from nearline_recall import checkpoint, llm_scorer, trie_beam_search",
            "loaded = checkpoint.load(sys.argv[2])",
            "trie = trie_beam_search.SemanticIdTrie([tuple(i) for i in json.load(open(sys.argv[3]))])",
            "prompt = open(sys.argv[4], encoding='utf-8').read()",
            "scorer = llm_scorer.LlmPromptScorer(loaded.model, loaded.tokenizer, prompt)",
            "width = int(sys.argv[5])",
            "beams = trie_beam_search.search(trie, scorer, width, width, loaded.tokenizer.max_id_length)",
            "print(json.dumps([[list(b.codes), b.score] for b in beams]))");

    @TempDir
    Path dir;

    @Test
    void javaAndPythonRecallTheSameIdsWithTheSameScores() throws Exception {
        assumeTrue(Files.isRegularFile(REPOSITORY.resolve("nearline_recall/llm_scorer.py"))
                && Files.isRegularFile(REPOSITORY.resolve("nearline_recall/checkpoint.py")), "no Python scorer here");
        Optional<PythonRunner> python = PythonRunner.withModules("torch");
        assumeTrue(python.isPresent(), "no python3 with torch");
        Path folder = new TinyCheckpoint().write(dir.resolve("checkpoint"));
        List<int[]> ids = TransformerRecallModelTest.ids(3);
        Path idsFile = dir.resolve("ids.json");
        new ObjectMapper().writeValue(idsFile.toFile(), ids);
        String prompt = TransformerRecallModelTest.replay().get(2);
        Path promptFile = Files.writeString(dir.resolve("prompt.txt"), prompt);
        int width = 20;

        PythonRunner.Result run = python.get().run(120, "-c", SCRIPT, REPOSITORY.toAbsolutePath().toString(),
                folder.toString(), idsFile.toString(), promptFile.toString(), Integer.toString(width));
        assertEquals(0, run.exitCode(), run.output());
        String[] lines = run.output().strip().split("\n");
        JsonNode expected = new ObjectMapper().readTree(lines[lines.length - 1]);

        CodeTrie trie = CodeTrie.of(ids);
        TransformerRecallModel model = new TransformerRecallModel(LlamaCheckpoint.load(folder),
                new PrefixKvCache(1 << 20), TransformerRecallModelTest.RECENT_LABELS);
        List<RecalledId> found = ConstrainedBeamSearch.search(model, ModelContext.fromPrompt(prompt), trie, width,
                width, trie.maxLength(), () -> false);
        assertEquals(expected.size(), found.size());
        for (int i = 0; i < found.size(); i++) {
            int[] codes = new int[expected.get(i).get(0).size()];
            for (int j = 0; j < codes.length; j++) {
                codes[j] = expected.get(i).get(0).get(j).asInt();
            }
            assertEquals(Arrays.toString(codes), Arrays.toString(found.get(i).codes()), "beam " + i);
            assertEquals(expected.get(i).get(1).asDouble(), found.get(i).score(), 1e-3, "beam " + i);
        }
    }
}
