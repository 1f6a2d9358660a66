package io.nearline.recall.inference;

import java.util.Objects;

/**
 * One beam the model generated: its text (rendered semantic IDs such as
 * {@code <a_12><b_201><c_7><d_3>}) and its cumulative log-probability, higher is better.
 */
public record GeneratedBeam(String text, float cumLogProb) {

    public GeneratedBeam {
        Objects.requireNonNull(text, "text");
    }
}
