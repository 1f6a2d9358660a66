package io.nearline.recall.model;

import java.util.Map;

/**
 * What a model file says about itself before its body: file format, model version, the semantic-ID version and
 * vector source of the IDs it was trained over, the training data, and every option it was trained with.
 */
public record ModelHeader(int formatVersion, String modelVersion, int semanticIdVersion, String semanticIdSource,
                          String trainingData, Map<String, String> options) {

    /** The model family, the name the server reports. */
    public static final String MODEL_NAME = "sequential-transition-recall";

    public ModelHeader {
        options = Map.copyOf(options);
    }

    public String describe() {
        return MODEL_NAME + " version " + modelVersion + " (file format " + formatVersion + ", semantic IDs v"
                + semanticIdVersion + " from '" + semanticIdSource + "', trained on " + trainingData + ")";
    }
}
