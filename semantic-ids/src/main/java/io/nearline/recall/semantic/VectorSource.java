package io.nearline.recall.semantic;

import io.nearline.recall.avro.MarketingObject;
import java.util.Optional;

/** Turns a marketing object into the vector its semantic ID is quantised from (text embedding or behaviour). */
public interface VectorSource {

    /** The object's vector, or empty when this source has nothing for it (no text under the keys, no behaviour). */
    Optional<float[]> vectorOf(MarketingObject object);

    /** What makes the vectors (model, keys, settings), stored with the codebook so new objects match it. */
    String describe();
}
