package io.nearline.recall.behaviour;

import java.util.SplittableRandom;

/** Each marketing object's listed successors: objects of its category a user is likely to see and click next. */
final class ItemSuccessors {

    private static final int[] NONE = new int[0];

    private final int[][] successors;
    private final AliasTable[] choiceBySize;

    ItemSuccessors(BehaviourLogOptions options, SyntheticCatalogue catalogue, int count) {
        SplittableRandom random = new SplittableRandom(Draws.subSeed(options.seed(), "successors"));
        int n = catalogue.objectIds.length;
        successors = new int[n][];
        choiceBySize = new AliasTable[count + 1];
        for (int k = 1; k <= count; k++) {
            choiceBySize[k] = AliasTable.zipf(k, 1.0);
        }
        for (int j = 0; j < n; j++) {
            int[] members = catalogue.objectsByCategory[catalogue.objectCategory[j]];
            int k = Math.min(count, members.length - 1);
            if (k <= 0) {
                successors[j] = NONE;
                continue;
            }
            int[] chosen = new int[k];
            for (int i = 0; i < k; i++) {
                int candidate;
                do {
                    candidate = members[random.nextInt(members.length)];
                } while (candidate == j || contains(chosen, i, candidate));
                chosen[i] = candidate;
            }
            successors[j] = chosen;
        }
    }

    int[] of(int object) {
        return successors[object];
    }

    boolean isSuccessor(int previous, int object) {
        return contains(successors[previous], successors[previous].length, object);
    }

    /** A successor of the object, the first most likely; -1 if it has none. */
    int draw(int previous, SplittableRandom random) {
        int[] list = successors[previous];
        return list.length == 0 ? -1 : list[choiceBySize[list.length].sample(random)];
    }

    static boolean contains(int[] values, int length, int value) {
        for (int i = 0; i < length; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }
}
