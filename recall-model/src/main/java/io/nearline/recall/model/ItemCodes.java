package io.nearline.recall.model;

import io.nearline.recall.semantic.IdFormat;
import io.nearline.recall.semantic.SemanticId;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The items a model knows, sorted by semantic ID so that the items under any ID prefix are one contiguous range:
 * the prefix tree the model marginalises over, without a tree. Item numbers are positions in this order.
 */
public final class ItemCodes {

    private final IdFormat format;
    private final String[] objectIds;
    private final int[][] codes;
    private final Map<SemanticId, Integer> byId;
    private final Map<String, Integer> byObject;

    /**
     * @param objectIds objects, in ascending order of their codes
     * @param codes     each object's semantic-ID codes; unique, ascending
     */
    ItemCodes(IdFormat format, String[] objectIds, int[][] codes) {
        if (objectIds.length != codes.length) {
            throw new IllegalArgumentException(objectIds.length + " objects but " + codes.length + " IDs");
        }
        this.format = format;
        this.objectIds = objectIds;
        this.codes = codes;
        this.byId = new HashMap<>(codes.length * 2);
        this.byObject = new HashMap<>(codes.length * 2);
        for (int item = 0; item < codes.length; item++) {
            if (item > 0 && Arrays.compare(codes[item - 1], codes[item]) >= 0) {
                throw new IllegalArgumentException("IDs must be unique and ascending: "
                        + Arrays.toString(codes[item - 1]) + " then " + Arrays.toString(codes[item]));
            }
            if (codes[item].length != format.levels() && codes[item].length != format.maxLength()) {
                throw new IllegalArgumentException("ID " + Arrays.toString(codes[item]) + " does not fit " + format);
            }
            for (int position = 0; position < codes[item].length; position++) {
                if (codes[item][position] >= format.bound(position)) {
                    throw new IllegalArgumentException("code out of range in " + Arrays.toString(codes[item]));
                }
            }
            byId.put(SemanticId.of(codes[item]), item);
            if (byObject.put(objectIds[item], item) != null) {
                throw new IllegalArgumentException("object " + objectIds[item] + " holds two IDs");
            }
        }
    }

    /** Sorts the assignments by ID; an object's ID must fit the format. */
    static ItemCodes of(IdFormat format, Map<String, SemanticId> ids) {
        List<Map.Entry<String, SemanticId>> sorted = ids.entrySet().stream()
                .sorted(Map.Entry.comparingByValue()).toList();
        String[] objectIds = new String[sorted.size()];
        int[][] codes = new int[sorted.size()][];
        for (int i = 0; i < sorted.size(); i++) {
            objectIds[i] = sorted.get(i).getKey();
            codes[i] = sorted.get(i).getValue().codes();
        }
        return new ItemCodes(format, objectIds, codes);
    }

    public IdFormat format() {
        return format;
    }

    public int size() {
        return codes.length;
    }

    public String objectId(int item) {
        return objectIds[item];
    }

    /** The item's codes; callers must not change them. */
    int[] codes(int item) {
        return codes[item];
    }

    public SemanticId id(int item) {
        return SemanticId.of(codes[item]);
    }

    public OptionalInt itemOf(SemanticId id) {
        Integer item = byId.get(id);
        return item == null ? OptionalInt.empty() : OptionalInt.of(item);
    }

    public OptionalInt itemOf(String objectId) {
        Integer item = byObject.get(objectId);
        return item == null ? OptionalInt.empty() : OptionalInt.of(item);
    }

    /** Every object, in item order. */
    public List<String> objectIds() {
        return Collections.unmodifiableList(Arrays.asList(objectIds));
    }

    /** First item in [from, to) whose code at {@code position} exceeds {@code code}, for items sharing the prefix. */
    int endOfCode(int from, int to, int position, int code) {
        int low = from;
        int high = to;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (codeAt(middle, position) <= code) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** The code at a position, or -1 when the ID is shorter (shorter IDs sort first under their prefix). */
    int codeAt(int item, int position) {
        int[] id = codes[item];
        return position < id.length ? id[position] : -1;
    }

    /** [start, end) of the items whose IDs begin with the first {@code length} codes of the prefix. */
    long range(int[] prefix, int length) {
        int start = 0;
        int end = codes.length;
        for (int position = 0; position < length && start < end; position++) {
            int code = prefix[position];
            int first = endOfCode(start, end, position, code - 1);
            end = endOfCode(first, end, position, code);
            start = first;
        }
        return ((long) start << 32) | end;
    }
}
