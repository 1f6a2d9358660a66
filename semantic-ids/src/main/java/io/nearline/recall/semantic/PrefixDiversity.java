package io.nearline.recall.semantic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns beams into the final recall list with at most K objects per ID prefix of length L, so one popular prefix
 * cannot fill the list that many beams produce.
 */
public final class PrefixDiversity {

    private final int prefixLength;
    private final int perPrefix;
    private final int maxResults;

    /**
     * @param prefixLength L: IDs sharing their first L codes count together
     * @param perPrefix    K: the most objects per prefix; 0 for no limit
     * @param maxResults   the most objects in the list
     */
    public PrefixDiversity(int prefixLength, int perPrefix, int maxResults) {
        if (prefixLength < 1 || perPrefix < 0 || maxResults < 1) {
            throw new IllegalArgumentException("need prefixLength >= 1, perPrefix >= 0, maxResults >= 1");
        }
        this.prefixLength = prefixLength;
        this.perPrefix = perPrefix;
        this.maxResults = maxResults;
    }

    public static PrefixDiversity of(SemanticIdOptions options) {
        return new PrefixDiversity(options.diversityPrefixLength(), options.diversityPerPrefix(),
                options.diversityMaxResults());
    }

    /** Beams in any order; equal scores keep their input order. */
    public RecallList apply(List<ScoredId> beams, CatalogueSnapshot catalogue) {
        List<ScoredId> ranked = new ArrayList<>(beams);
        ranked.sort(Comparator.comparingDouble(ScoredId::score).reversed());
        List<RankedObject> objects = new ArrayList<>();
        List<Resolution.Rejected> rejected = new ArrayList<>();
        Map<SemanticId, Integer> perPrefixCount = new HashMap<>();
        Set<String> seen = new HashSet<>();
        int overLimit = 0;
        int duplicates = 0;
        for (ScoredId beam : ranked) {
            if (objects.size() == maxResults) {
                break;
            }
            Resolution resolution = catalogue.resolve(beam.id());
            if (resolution instanceof Resolution.Rejected rejection) {
                rejected.add(rejection);
                continue;
            }
            String objectId = ((Resolution.Found) resolution).objectId();
            if (seen.contains(objectId)) {
                duplicates++;
                continue;
            }
            SemanticId prefix = beam.id().prefix(Math.min(prefixLength, beam.id().length()));
            int count = perPrefixCount.getOrDefault(prefix, 0);
            if (perPrefix > 0 && count >= perPrefix) {
                overLimit++;
                continue;
            }
            perPrefixCount.put(prefix, count + 1);
            seen.add(objectId);
            objects.add(new RankedObject(objectId, beam.id(), beam.score()));
        }
        return new RecallList(List.copyOf(objects), List.copyOf(rejected), overLimit, duplicates);
    }
}
