package io.nearline.recall.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recall LLM's tokenizer read from its Hugging Face {@code tokenizer.json} (a WordLevel model behind the
 * Whitespace pre-tokenizer, semantic-ID codes as added tokens; see the checkpoint's TOKENIZER.md), so the prompt's
 * token budget counts the tokens the model reads and the server feeds it the same ids as training did.
 */
public final class WordLevelTokenizer implements TokenCounter {

    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final String BOS = "<bos>";
    public static final String EOS = "<eos>";

    /** HF's Whitespace pre-tokenizer; Unicode classes so \w is letters, digits, marks and connectors as in Rust. */
    private static final Pattern PIECE = Pattern.compile("\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS);

    private final Map<String, Integer> vocab;
    private final Map<String, Integer> added;
    /** Lengths of added tokens, longest first, and their first characters: the only places a match can start. */
    private final int[] addedLengths;
    private final boolean[] startsAdded;
    private final int unkId;

    private WordLevelTokenizer(Map<String, Integer> vocab, Map<String, Integer> added, int unkId) {
        this.vocab = Map.copyOf(vocab);
        this.added = Map.copyOf(added);
        this.unkId = unkId;
        TreeSet<Integer> lengths = new TreeSet<>();
        boolean[] starts = new boolean[Character.MAX_VALUE + 1];
        for (String token : added.keySet()) {
            lengths.add(token.length());
            starts[token.charAt(0)] = true;
        }
        this.addedLengths = lengths.descendingSet().stream().mapToInt(Integer::intValue).toArray();
        this.startsAdded = starts;
    }

    /** Reads a {@code tokenizer.json} (or the folder holding one); a file breaking the contract is an error saying how. */
    public static WordLevelTokenizer read(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode model = root.path("model");
        if (!"WordLevel".equals(model.path("type").asText())) {
            throw invalid(file, "model.type must be WordLevel, is '" + model.path("type").asText() + "'");
        }
        if (!"Whitespace".equals(root.path("pre_tokenizer").path("type").asText())) {
            throw invalid(file, "pre_tokenizer must be Whitespace");
        }
        if (!root.path("normalizer").isNull() && !root.path("normalizer").isMissingNode()) {
            throw invalid(file, "normalizer must be null");
        }
        Map<String, Integer> vocab = new HashMap<>();
        model.path("vocab").fields().forEachRemaining(entry -> vocab.put(entry.getKey(), entry.getValue().asInt()));
        String unk = model.path("unk_token").asText();
        if (!vocab.containsKey(unk)) {
            throw invalid(file, "unk_token '" + unk + "' is not in the vocabulary");
        }
        Map<String, Integer> added = new HashMap<>();
        for (JsonNode token : root.path("added_tokens")) {
            String content = token.path("content").asText();
            int id = token.path("id").asInt(-1);
            if (content.isEmpty() || !Integer.valueOf(id).equals(vocab.get(content))) {
                throw invalid(file, "added token '" + content + "' has id " + id + " but the vocabulary gives "
                        + vocab.get(content));
            }
            added.put(content, id);
        }
        for (String special : List.of(PAD, UNK, BOS, EOS)) {
            if (!added.containsKey(special)) {
                throw invalid(file, "special token " + special + " is not an added token");
            }
        }
        return new WordLevelTokenizer(vocab, added, vocab.get(unk));
    }

    private static IOException invalid(Path file, String reason) {
        return new IOException(file + ": " + reason);
    }

    /** Token ids of the text, without BOS or EOS; the model's input for a prompt is BOS then these. */
    public int[] encode(CharSequence text) {
        List<String> pieces = pieces(text);
        int[] ids = new int[pieces.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocab.getOrDefault(pieces.get(i), unkId);
        }
        return ids;
    }

    /** Added tokens cut out first, leftmost (longest at a position), the text between split by the pre-tokenizer. */
    public List<String> pieces(CharSequence text) {
        List<String> out = new ArrayList<>();
        String s = text.toString();
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            if (!startsAdded[s.charAt(i)]) {
                continue;
            }
            String match = addedAt(s, i);
            if (match != null) {
                split(s, from, i, out);
                out.add(match);
                from = i + match.length();
                i = from - 1;
            }
        }
        split(s, from, s.length(), out);
        return out;
    }

    private String addedAt(String s, int at) {
        for (int length : addedLengths) {
            if (at + length <= s.length()) {
                String candidate = s.substring(at, at + length);
                if (added.containsKey(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static void split(String s, int from, int to, List<String> out) {
        if (from >= to) {
            return;
        }
        Matcher matcher = PIECE.matcher(s).region(from, to);
        while (matcher.find()) {
            out.add(matcher.group());
        }
    }

    @Override
    public int count(CharSequence text) {
        return pieces(text).size();
    }

    /** Pieces never span whitespace and added tokens hold none, so counts add up across a line break. */
    @Override
    public boolean additiveAcrossLines() {
        return true;
    }

    /** The id of a token, e.g. {@code <bos>} or {@code <b_201>}; -1 when it is not in the vocabulary. */
    public int id(String token) {
        return vocab.getOrDefault(token, -1);
    }

    public int unkId() {
        return unkId;
    }

    public int vocabularySize() {
        return vocab.size();
    }
}
