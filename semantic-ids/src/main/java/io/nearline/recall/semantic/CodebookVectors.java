package io.nearline.recall.semantic;

import io.nearline.recall.avro.MarketingObject;
import java.util.Arrays;
import java.util.Optional;

/**
 * The vector source that matches a saved codebook, so that new objects are quantised in the space it
 * was learned in: the same text model and keys for a text codebook. A codebook learned from behaviour
 * cannot place an object that has none yet: such objects are refused until the ID builder runs again.
 */
public final class CodebookVectors {

    private CodebookVectors() {}

    public static VectorSource forCodebook(Codebook codebook) {
        String source = codebook.vectorSource();
        String textPrefix = TextEmbedder.MODEL + " keys=";
        if (source.startsWith(textPrefix)) {
            return new TextEmbedder(Arrays.asList(source.substring(textPrefix.length()).split(",")));
        }
        return new VectorSource() {
            @Override
            public Optional<float[]> vectorOf(MarketingObject object) {
                return Optional.empty();
            }

            @Override
            public String describe() {
                return source;
            }
        };
    }
}
