package io.nearline.recall.tiering;

import java.io.Serializable;
import java.util.Objects;

/**
 * One arm of an experiment: its name (a metric label, stored with every recall), the consecutive range of user
 * buckets it owns, and what it changes about the inference call. A zero or empty override keeps the job's setting
 * ({@code triton.*}).
 *
 * @param firstBucket first of the arm's buckets, in [0, {@link TieringOptions#ARM_BUCKETS})
 * @param buckets how many buckets it owns; its share of users is {@code buckets / ARM_BUCKETS}
 * @param beamWidth beams searched per call, 0 = the job's {@code triton.beam-width}
 * @param returnedSequences beams returned per call, 0 = the job's, cut to the beam width
 * @param modelName the Triton model the call goes to, empty = the job's {@code triton.model-name}
 * @param modelVersion the model's version; empty = the job's when {@code modelName} is empty, else the server's latest
 */
public record Arm(String name, int firstBucket, int buckets, int beamWidth, int returnedSequences, String modelName,
                  String modelVersion) implements Serializable {

    public Arm {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        if (firstBucket < 0 || buckets < 1 || firstBucket + buckets > TieringOptions.ARM_BUCKETS) {
            throw new IllegalArgumentException("arm " + name + " owns buckets outside [0, "
                    + TieringOptions.ARM_BUCKETS + "): " + firstBucket + " + " + buckets);
        }
        if (beamWidth < 0 || returnedSequences < 0) {
            throw new IllegalArgumentException("arm " + name + ": beamWidth and returnedSequences must not be negative");
        }
    }

    /** The implicit arm of rules without an experiment: every user, the job's settings. */
    public static Arm control() {
        return new Arm(TieringOptions.DEFAULT_ARM, 0, TieringOptions.ARM_BUCKETS, 0, 0, "", "");
    }

    /** The share of users in this arm, in (0, 1]. */
    public double share() {
        return (double) buckets / TieringOptions.ARM_BUCKETS;
    }

    boolean owns(int bucket) {
        return bucket >= firstBucket && bucket < firstBucket + buckets;
    }
}
