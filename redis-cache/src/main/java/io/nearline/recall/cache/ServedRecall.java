package io.nearline.recall.cache;

import java.util.List;
import java.util.Objects;

/**
 * What the ad server gets for one user: their own recall, the non-personal fallback of their segment, or
 * nothing (then its classic recall). The kind travels with the objects so that the ad server can weigh, log and
 * count them apart.
 *
 * @param lookup the read that answered: the user's recall when PERSONAL, the segment's when FALLBACK, the user's
 *               (MISSING or STALE, with its reason) when NONE
 */
public record ServedRecall(Kind kind, RecallLookup lookup) {

    /** Which recall the ad server is given. */
    public enum Kind {
        /** The user's own recall, usable. */
        PERSONAL,
        /** No usable recall of the user's own: the segment's popularity recall. */
        FALLBACK,
        /** Neither: fall back to the classic recall. */
        NONE
    }

    public ServedRecall {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(lookup, "lookup");
        if ((kind == Kind.NONE) == lookup.isFound()) {
            throw new IllegalArgumentException(kind + " with a lookup that is " + lookup.status());
        }
    }

    /** The objects to serve, best first; empty when NONE. */
    public List<StoredObject> objects() {
        return lookup.objects();
    }
}
