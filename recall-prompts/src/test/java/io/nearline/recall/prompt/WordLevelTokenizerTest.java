package io.nearline.recall.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordLevelTokenizerTest {

    private static final List<String> WORDS = List.of("Task", ":", "predict", "aged", "25", "-", "34", ",", "(",
            "converted", ")", "x3", "[", "obj", "17", "]", "Recent", "ads", "café", "<", ">");

    @TempDir
    Path folder;

    /** A tokenizer.json as the Python builder writes it: specials, 2 levels of 4 codes, 2 collision codes, words. */
    static Path write(Path folder, List<String> words) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ArrayNode added = root.putArray("added_tokens");
        ObjectNode vocab = json.createObjectNode();
        List<String> tokens = new ArrayList<>(List.of("<pad>", "<unk>", "<bos>", "<eos>"));
        for (char level = 'a'; level <= 'c'; level++) {
            for (int code = 0; code < (level == 'c' ? 2 : 4); code++) {
                tokens.add("<" + level + "_" + code + ">");
            }
        }
        for (int id = 0; id < tokens.size(); id++) {
            added.addObject().put("id", id).put("content", tokens.get(id)).put("special", id < 4);
            vocab.put(tokens.get(id), id);
        }
        for (String word : words) {
            vocab.put(word, vocab.size());
        }
        root.putNull("normalizer");
        root.putObject("pre_tokenizer").put("type", "Whitespace");
        ObjectNode model = root.putObject("model");
        model.put("type", "WordLevel").put("unk_token", "<unk>").set("vocab", vocab);
        Path file = folder.resolve("tokenizer.json");
        json.writeValue(file.toFile(), root);
        return file;
    }

    private WordLevelTokenizer tokenizer() throws IOException {
        return WordLevelTokenizer.read(write(folder, WORDS));
    }

    private static final int FIRST_WORD = 4 + 4 + 4 + 2;

    private static int word(String w) {
        return FIRST_WORD + WORDS.indexOf(w);
    }

    @Test
    void splitsTextAsTheWhitespacePreTokenizerDoes() throws IOException {
        WordLevelTokenizer t = tokenizer();
        assertEquals(List.of("Task", ":", "predict"), t.pieces("Task: predict"));
        assertEquals(List.of("aged", "25", "-", "34", ","), t.pieces("aged 25-34,"));
        assertEquals(List.of("(", "converted", ")"), t.pieces(" (converted)"));
        assertEquals(List.of("x3"), t.pieces(" x3"));
        assertEquals(List.of("[", "obj", ":", "17", "]"), t.pieces("[obj:17]"));
        assertEquals(List.of("café", "...!"), t.pieces("café ...!"), "Unicode letters stay in one word");
    }

    @Test
    void encodesWordsToTheirVocabularyIds() throws IOException {
        assertArrayEquals(new int[] {word("Task"), word(":"), word("predict")}, tokenizer().encode("Task: predict"));
    }

    @Test
    void semanticIdCodesAreNeverSplitEvenWithoutSpaces() throws IOException {
        WordLevelTokenizer t = tokenizer();
        assertArrayEquals(new int[] {word("Recent"), word("ads"), word(":"), 4 + 1, 8 + 3, 12 + 1, word("x3")},
                t.encode("Recent ads:<a_1><b_3><c_1> x3"));
        assertArrayEquals(new int[] {word("("), 4 + 2, word(")")}, t.encode("(<a_2>)"));
        assertEquals(List.of("<bos>", "<a_0>"), t.pieces("<bos><a_0>"), "specials match like codes");
    }

    @Test
    void unknownWordsAndCodesOutsideTheVocabularyBecomeUnk() throws IOException {
        WordLevelTokenizer t = tokenizer();
        assertArrayEquals(new int[] {1, word("ads")}, t.encode("zebra ads"));
        // <a_9> is not an added token: it falls apart into '<', 'a_9' (unknown) and '>'
        assertArrayEquals(new int[] {word("<"), 1, word(">")}, t.encode("<a_9>"));
        assertArrayEquals(new int[] {1}, t.encode("<unk>"), "the unknown-object token is the special itself");
    }

    @Test
    void countIsTheNumberOfTokensAndAddsUpAcrossLines() throws IOException {
        WordLevelTokenizer t = tokenizer();
        String a = "Task: predict aged 25-34,";
        String b = "Recent ads:<a_1><b_3> (converted)";
        assertEquals(t.encode(a).length, t.count(a));
        assertTrue(t.additiveAcrossLines());
        assertEquals(t.count(a) + t.count(b), t.count(a + "\n" + b));
    }

    @Test
    void theBudgetCountsTokenizerTokensWhenTheOptionNamesOne() throws IOException {
        write(folder, WORDS);
        TokenCounter configured = IncrementalPromptBuilder.tokenCounter(
                PromptOptions.of(Map.of("prompt.tokenizer", folder.toString())));
        assertEquals(3, configured.count("Task: predict"));
        assertTrue(IncrementalPromptBuilder.tokenCounter(PromptOptions.defaults()) instanceof EstimatedTokenCounter);
    }

    @Test
    void refusesATokenizerThatIsNotWordLevel() throws IOException {
        Path file = write(folder, WORDS);
        Files.writeString(file, Files.readString(file).replace("\"WordLevel\"", "\"BPE\""));
        IOException e = assertThrows(IOException.class, () -> WordLevelTokenizer.read(file));
        assertTrue(e.getMessage().contains("WordLevel"), e.getMessage());
    }
}
