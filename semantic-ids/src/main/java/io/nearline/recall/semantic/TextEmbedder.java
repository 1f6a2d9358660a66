package io.nearline.recall.semantic;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.nearline.recall.avro.MarketingObject;
import java.util.List;
import java.util.Optional;

/**
 * Embeds an object's structured text with all-MiniLM-L6-v2 (384 dimensions) run by ONNX Runtime on the CPU. The
 * model and its tokenizer come inside a Maven Central jar, so nothing is downloaded at run time.
 */
public final class TextEmbedder implements VectorSource {

    /** The model name stored with codebooks: objects embedded by another model are not comparable. */
    public static final String MODEL = "all-minilm-l6-v2 (langchain4j-embeddings 1.0.0-beta5, onnx, cpu)";

    private final AllMiniLmL6V2EmbeddingModel model;
    private final List<String> keys;

    public TextEmbedder(List<String> keys) {
        this.model = new AllMiniLmL6V2EmbeddingModel();
        this.keys = List.copyOf(keys);
    }

    public static TextEmbedder of(SemanticIdOptions options) {
        return new TextEmbedder(options.textKeys());
    }

    @Override
    public Optional<float[]> vectorOf(MarketingObject object) {
        String text = ObjectText.of(object, keys);
        return text.isEmpty() ? Optional.empty() : Optional.of(embed(text));
    }

    /** A unit-length embedding of the text. */
    public float[] embed(String text) {
        return Vectors.normalised(model.embed(text).content().vector());
    }

    @Override
    public String describe() {
        return MODEL + " keys=" + String.join(",", keys);
    }
}
