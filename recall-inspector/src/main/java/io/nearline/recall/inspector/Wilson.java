package io.nearline.recall.inspector;

/**
 * The Wilson score interval of a proportion: unlike the normal approximation it stays inside [0, 1] and is honest
 * for the small counts a trace sample gives (a rate of 0 of 7 is not "0 +- 0").
 */
public record Wilson(double low, double high) {

    /** z of a two-sided 95% interval. */
    static final double Z95 = 1.959964;

    /** The 95% interval of {@code hits} in {@code n}; [0, 1] when n is 0. */
    public static Wilson of(long hits, long n) {
        if (n == 0) {
            return new Wilson(0, 1);
        }
        double p = (double) hits / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new Wilson(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** e.g. {@code 0.312 (0.251-0.380)}; a dash for no data. */
    public static String shown(long hits, long n) {
        if (n == 0) {
            return "-";
        }
        Wilson w = of(hits, n);
        return Html.decimal((double) hits / n, 3) + " (" + Html.decimal(w.low, 3) + "-" + Html.decimal(w.high, 3) + ")";
    }
}
