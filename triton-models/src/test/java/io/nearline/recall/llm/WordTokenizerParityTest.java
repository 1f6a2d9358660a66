package io.nearline.recall.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nearline.recall.prompt.WordLevelTokenizer;
import io.nearline.recall.testing.PythonRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java tokenizer against the Python one training used ({@code model-repository/nearline_recall/word_tokenizer.py},
 * which also checks the file against the contract): the same ids for prompts in the job's layout and the edge cases
 * of TOKENIZER.md. Skipped without python3 or the file.
 */
class WordTokenizerParityTest {

    private static final Path REFERENCE = Path.of("model-repository/nearline_recall/word_tokenizer.py");

    private static final String SCRIPT = String.join("\n",
            "import importlib.util, json, sys",
            "spec = importlib.util.spec_from_file_location('word_tokenizer', sys.argv[1])",
            "wt = importlib.util.module_from_spec(spec); spec.loader.exec_module(wt)",
            "tokenizer = wt.WordTokenizer.load(sys.argv[2])",
            "texts = json.load(open(sys.argv[3], encoding='utf-8'))",
            "print(json.dumps([tokenizer.encode(t) for t in texts]))");

    @TempDir
    Path folder;

    @Test
    void javaEncodesEveryTextAsThePythonTokenizerDoes() throws Exception {
        assumeTrue(Files.isRegularFile(REFERENCE), "no " + REFERENCE.toAbsolutePath() + " in this tree");
        Optional<PythonRunner> python = PythonRunner.withModules("json");
        assumeTrue(python.isPresent(), "no python3");
        new TinyCheckpoint().write(folder);
        List<String> texts = new ArrayList<>(List.of(
                "Task: predict the next ad\nUser: aged 25-34, books\nRecent ads: <a_1><b_2><c_3> (converted) x2",
                "aged 25-34,", " (converted)", "[obj:17]", "<a_999><b_1>", "<a_7><b_7><c_7><d_3><e_0>",
                "<bos><unk> <pad>x<eos>", "café naïve Zürich", "snake_case __init__ a_1", "...!?", "", "   \n\t",
                "<a_1>ads<b_2>", "<<a_1>>", "<a_01>", "Earlier content:<a_5><b_0><c_7> sports shoes"));
        Path textsFile = folder.resolve("texts.json");
        new ObjectMapper().writeValue(textsFile.toFile(), texts);
        PythonRunner.Result run = python.get().run(60, "-c", SCRIPT, REFERENCE.toAbsolutePath().toString(),
                folder.toString(), textsFile.toString());
        assertEquals(0, run.exitCode(), run.output());
        String[] lines = run.output().strip().split("\n");
        JsonNode expected = new ObjectMapper().readTree(lines[lines.length - 1]);
        WordLevelTokenizer tokenizer = WordLevelTokenizer.read(folder);
        for (int i = 0; i < texts.size(); i++) {
            int[] ids = new int[expected.get(i).size()];
            for (int j = 0; j < ids.length; j++) {
                ids[j] = expected.get(i).get(j).asInt();
            }
            assertEquals(Arrays.toString(ids), Arrays.toString(tokenizer.encode(texts.get(i))), texts.get(i));
        }
    }
}
