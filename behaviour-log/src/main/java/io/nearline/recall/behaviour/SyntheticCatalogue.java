package io.nearline.recall.behaviour;

import io.nearline.recall.avro.DeliveryStatus;
import io.nearline.recall.avro.MarketingObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The generator's marketing objects and content items, grouped by category with Zipf popularity inside each. */
final class SyntheticCatalogue {

    private static final String[] SYLLABLES = {"lu", "mo", "ra", "ven", "ka", "zi", "tor", "el", "na", "vi", "so", "quin",
        "bel", "dra", "fe", "ix", "or", "pa", "sen", "ty"};
    private static final String[] LANDINGS = {"app", "web", "mini_program", "store"};
    private static final int BRANDS_PER_CATEGORY = 12;

    final int categories;
    final String[] categoryNames;
    final AliasTable categoryPopularity;
    /** Object indices of each category, most popular first. */
    final int[][] objectsByCategory;
    final int[][] contentByCategory;
    final AliasTable[] objectRank;
    final AliasTable[] contentRank;
    final int[] objectCategory;
    final double[] objectEcpm;
    final double[] objectPrice;
    final String[] objectIds;
    final String[] contentIds;
    final List<MarketingObject> objects;

    SyntheticCatalogue(BehaviourLogOptions options, Instant updateTime) {
        SplittableRandom random = new SplittableRandom(Draws.subSeed(options.seed(), "catalogue"));
        categories = options.categories();
        int n = options.objects();
        categoryNames = new String[categories];
        double[] categoryWeights = new double[categories];
        for (int c = 0; c < categories; c++) {
            categoryNames[c] = CategoryVocabulary.name(c);
        }
        List<Integer> rank = shuffled(categories, random);
        for (int c = 0; c < categories; c++) {
            categoryWeights[rank.get(c)] = 1.0 / StrictMath.pow(c + 1, 0.8);
        }
        categoryPopularity = new AliasTable(categoryWeights);

        objectCategory = assignCategories(n, categoryWeights, random);
        objectsByCategory = groupShuffled(objectCategory, categories, random);
        int[] contentCategory = new int[n];
        for (int k = 0; k < n; k++) {
            contentCategory[k] = contentCategory(k);
        }
        contentByCategory = groupShuffled(contentCategory, categories, random);
        Map<Integer, AliasTable> zipfBySize = new HashMap<>();
        objectRank = new AliasTable[categories];
        contentRank = new AliasTable[categories];
        for (int c = 0; c < categories; c++) {
            objectRank[c] = zipfBySize.computeIfAbsent(objectsByCategory[c].length,
                    size -> AliasTable.zipf(size, options.itemZipfExponent()));
            contentRank[c] = zipfBySize.computeIfAbsent(contentByCategory[c].length,
                    size -> AliasTable.zipf(size, options.itemZipfExponent()));
        }

        objectIds = new String[n];
        contentIds = new String[n];
        objectEcpm = new double[n];
        objectPrice = new double[n];
        String[][] brands = new String[categories][];
        double[] categoryPriceMedian = new double[categories];
        for (int c = 0; c < categories; c++) {
            brands[c] = brandNames(random);
            categoryPriceMedian[c] = Draws.logNormal(random, 50.0, 0.8);
        }
        AliasTable brandRank = AliasTable.zipf(BRANDS_PER_CATEGORY, 1.0);
        List<MarketingObject> built = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            objectIds[j] = "m" + (j + 1);
            contentIds[j] = "c" + (j + 1);
            int c = objectCategory[j];
            objectEcpm[j] = Draws.cents(Draws.logNormal(random, 20.0, 0.8));
            objectPrice[j] = Math.max(0.99, Draws.cents(Draws.logNormal(random, categoryPriceMedian[c], 0.5)));
            String brand = brands[c][brandRank.sample(random)];
            Map<String, String> text = new HashMap<>();
            text.put("title", title(brand, c, random));
            text.put("category", categoryNames[c]);
            text.put("brand", brand);
            text.put("industry", CategoryVocabulary.industry(c));
            Map<String, String> attributes = new HashMap<>();
            attributes.put("price", Double.toString(objectPrice[j]));
            attributes.put("bid_ecpm", Double.toString(objectEcpm[j]));
            attributes.put("landing", LANDINGS[random.nextInt(LANDINGS.length)]);
            built.add(new MarketingObject(objectIds[j], text, attributes, status(random), updateTime));
        }
        objects = Collections.unmodifiableList(built);
    }

    /** Index of a marketing object id ({@code m1} is 0); -1 for an id this catalogue does not hold. */
    int objectIndex(String objectId) {
        if (objectId == null || objectId.length() < 2 || objectId.charAt(0) != 'm') {
            return -1;
        }
        for (int i = 1; i < objectId.length(); i++) {
            if (objectId.charAt(i) < '0' || objectId.charAt(i) > '9') {
                return -1;
            }
        }
        if (objectId.length() > 10 || objectId.charAt(1) == '0') {
            return -1;
        }
        long index = Long.parseLong(objectId.substring(1)) - 1;
        return index < objectIds.length ? (int) index : -1;
    }

    /** Content items are spread evenly over categories, so every category has content to view. */
    int contentCategory(int contentIndex) {
        return contentIndex % categories;
    }

    private static DeliveryStatus status(SplittableRandom random) {
        double u = random.nextDouble();
        return u < 0.90 ? DeliveryStatus.IN_DELIVERY : u < 0.96 ? DeliveryStatus.PAUSED : DeliveryStatus.ENDED;
    }

    private static String title(String brand, int category, SplittableRandom random) {
        String[] words = CategoryVocabulary.words(category);
        StringBuilder title = new StringBuilder(brand);
        if (random.nextDouble() < 0.3) {
            String[] modifiers = CategoryVocabulary.modifiers();
            title.append(' ').append(modifiers[random.nextInt(modifiers.length)]);
        }
        int count = 2 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            title.append(' ').append(words[random.nextInt(words.length)]);
        }
        return title.toString();
    }

    private static String[] brandNames(SplittableRandom random) {
        String[] names = new String[BRANDS_PER_CATEGORY];
        for (int b = 0; b < names.length; b++) {
            StringBuilder name = new StringBuilder();
            int syllables = 2 + random.nextInt(2);
            for (int s = 0; s < syllables; s++) {
                name.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            name.setCharAt(0, Character.toUpperCase(name.charAt(0)));
            names[b] = name.toString();
        }
        return names;
    }

    /** Every category gets at least one object; the rest follow a flattened category popularity. */
    private static int[] assignCategories(int n, double[] categoryWeights, SplittableRandom random) {
        double[] flattened = new double[categoryWeights.length];
        for (int c = 0; c < flattened.length; c++) {
            flattened[c] = StrictMath.sqrt(categoryWeights[c]);
        }
        AliasTable table = new AliasTable(flattened);
        int[] category = new int[n];
        for (int j = 0; j < n; j++) {
            category[j] = j < flattened.length ? j : table.sample(random);
        }
        return category;
    }

    /** Members of each group in a seeded random order, which becomes their popularity rank. */
    private static int[][] groupShuffled(int[] groupOf, int groups, SplittableRandom random) {
        List<List<Integer>> members = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < groupOf.length; i++) {
            members.get(groupOf[i]).add(i);
        }
        int[][] result = new int[groups][];
        for (int g = 0; g < groups; g++) {
            List<Integer> list = members.get(g);
            shuffle(list, random);
            result[g] = list.stream().mapToInt(Integer::intValue).toArray();
        }
        return result;
    }

    private static List<Integer> shuffled(int n, SplittableRandom random) {
        List<Integer> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        shuffle(list, random);
        return list;
    }

    private static void shuffle(List<Integer> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, random.nextInt(i + 1));
        }
    }
}
