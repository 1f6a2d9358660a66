package io.nearline.recall.tiering;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * The arms that run at once and which user is in which. A user's bucket is murmur3_32 (x86) of the UTF-8 bytes of
 * the user ID with seed {@link TieringOptions#ARM_HASH_SEED}, taken unsigned modulo {@link TieringOptions#ARM_BUCKETS};
 * the arms own consecutive bucket ranges in declaration order. So a user stays in their arm for as long as the shares
 * stay, on every instance and after every restart, and an ad server in any language can tell the arm from the ID.
 */
public final class Experiment implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Experiment SINGLE = new Experiment(List.of(Arm.control()));

    private final List<Arm> arms;

    /** Arms whose bucket ranges follow one another from 0 and cover every bucket. */
    Experiment(List<Arm> arms) {
        this.arms = List.copyOf(arms);
        int next = 0;
        for (Arm arm : this.arms) {
            if (arm.firstBucket() != next) {
                throw new IllegalArgumentException("arm " + arm.name() + " starts at bucket " + arm.firstBucket()
                        + ", expected " + next);
            }
            next += arm.buckets();
        }
        if (next != TieringOptions.ARM_BUCKETS) {
            throw new IllegalArgumentException("arms cover " + next + " of " + TieringOptions.ARM_BUCKETS + " buckets");
        }
    }

    /** No experiment: the one implicit arm {@value TieringOptions#DEFAULT_ARM}. */
    public static Experiment single() {
        return SINGLE;
    }

    /** The bucket of a user, in [0, ARM_BUCKETS). */
    public static int bucketOf(String userId) {
        return (int) (Integer.toUnsignedLong(Murmur3.hash32(userId, TieringOptions.ARM_HASH_SEED))
                % TieringOptions.ARM_BUCKETS);
    }

    public Arm armOf(String userId) {
        int bucket = bucketOf(userId);
        for (Arm arm : arms) {
            if (arm.owns(bucket)) {
                return arm;
            }
        }
        throw new IllegalStateException("no arm owns bucket " + bucket); // the constructor rules it out
    }

    /** In declaration order. */
    public List<Arm> arms() {
        return arms;
    }

    public Optional<Arm> arm(String name) {
        return arms.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return "Experiment" + arms;
    }
}
