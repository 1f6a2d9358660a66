package io.nearline.recall.semantic;

import java.util.Arrays;

/** The short code naming a marketing object: one code per quantisation level, plus a collision code if needed. */
public final class SemanticId implements Comparable<SemanticId> {

    private final int[] codes;

    private SemanticId(int[] codes) {
        this.codes = codes;
    }

    public static SemanticId of(int... codes) {
        if (codes.length == 0) {
            throw new IllegalArgumentException("a semantic ID has at least one code");
        }
        for (int code : codes) {
            if (code < 0) {
                throw new IllegalArgumentException("codes are non-negative: " + Arrays.toString(codes));
            }
        }
        return new SemanticId(codes.clone());
    }

    public int length() {
        return codes.length;
    }

    public int code(int position) {
        return codes[position];
    }

    public int[] codes() {
        return codes.clone();
    }

    public SemanticId prefix(int length) {
        if (length < 1 || length > codes.length) {
            throw new IllegalArgumentException("prefix length " + length + " outside [1, " + codes.length + "]");
        }
        return length == codes.length ? this : new SemanticId(Arrays.copyOf(codes, length));
    }

    public SemanticId append(int code) {
        int[] longer = Arrays.copyOf(codes, codes.length + 1);
        longer[codes.length] = code;
        return of(longer);
    }

    public boolean startsWith(SemanticId prefix) {
        return prefix.codes.length <= codes.length
                && Arrays.equals(codes, 0, prefix.codes.length, prefix.codes, 0, prefix.codes.length);
    }

    /** Length of the longest prefix this ID shares with the other. */
    public int sharedPrefixLength(SemanticId other) {
        int mismatch = Arrays.mismatch(codes, other.codes);
        return mismatch < 0 ? codes.length : mismatch;
    }

    /** The canonical token form, e.g. {@code <a_12><b_201><c_7><d_3>}. */
    public String render() {
        return SemanticIdText.render(this);
    }

    @Override
    public int compareTo(SemanticId other) {
        return Arrays.compare(codes, other.codes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SemanticId id && Arrays.equals(codes, id.codes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codes);
    }

    @Override
    public String toString() {
        return render();
    }
}
