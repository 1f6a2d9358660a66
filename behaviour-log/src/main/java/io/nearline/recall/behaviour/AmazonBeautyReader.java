package io.nearline.recall.behaviour;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.DeliveryStatus;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.UserProfileUpdate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Reads the Amazon Beauty 5-core sequences ({@code Beauty.txt}: "user item1 item2 ..." per line, in time order, no
 * timestamps) as a behaviour log of ad-domain CLICKs with synthesised, seeded timestamps.
 *
 * <p>Each user's first event lands at a uniform instant in the year after {@link #EPOCH}; each later event follows
 * after 1 s plus a log-normal gap (median {@link #MEDIAN_GAP}, log-sigma {@value #GAP_SIGMA}). The draws come from
 * (seed, userId) alone, so a user's times do not depend on the rest of the file; users interleave, and the log is
 * sorted by time with ties in file order. Each user's own order is kept because every gap is positive.
 */
final class AmazonBeautyReader {

    static final String NAME = "amazon-beauty-5core";
    static final String FILE_NAME = "Beauty.txt";
    /** The 2014 Amazon review dump this 5-core comes from; the synthetic year starts here. */
    static final Instant EPOCH = Instant.parse("2014-01-01T00:00:00Z");
    static final Duration FIRST_EVENT_WINDOW = Duration.ofDays(365);
    static final Duration MEDIAN_GAP = Duration.ofDays(2);
    static final double GAP_SIGMA = 1.2;

    private AmazonBeautyReader() {
    }

    /** The Beauty file at {@code source}: the file itself, or {@value #FILE_NAME} in it if it is a directory. */
    static Path locate(Path source) {
        if (Files.isDirectory(source)) {
            Path inside = source.resolve(FILE_NAME);
            return Files.isRegularFile(inside) ? inside : null;
        }
        return Files.isRegularFile(source) && source.getFileName().toString().equals(FILE_NAME) ? source : null;
    }

    static BehaviourLog read(Path file, BehaviourLogOptions options) {
        List<int[]> sequences = new ArrayList<>();
        List<Integer> userNumbers = new ArrayList<>();
        Map<Integer, Long> firstLine = new HashMap<>();
        int[] maxItem = {0};
        DatasetLines.forEach(file, StandardCharsets.ISO_8859_1, (line, text) -> {
            String[] f = text.trim().split("\\s+");
            int user = DatasetLines.parseInt(file, line, "user", f[0]);
            if (f.length < 2) {
                throw new MalformedLogException(file, line, "user " + user + " has no items");
            }
            Long earlier = firstLine.putIfAbsent(user, line);
            if (earlier != null) {
                throw new MalformedLogException(file, line, "user " + user + " already appeared on line " + earlier);
            }
            int[] items = new int[f.length - 1];
            for (int i = 1; i < f.length; i++) {
                items[i - 1] = DatasetLines.parseInt(file, line, "item", f[i]);
                if (items[i - 1] < 0) {
                    throw new MalformedLogException(file, line, "item ids must be >= 0, got " + items[i - 1]);
                }
                maxItem[0] = Math.max(maxItem[0], items[i - 1]);
            }
            sequences.add(items);
            userNumbers.add(user);
        });

        String[] userIds = userNumbers.stream().map(u -> "u" + u).toArray(String[]::new);
        String[] objectIds = new String[maxItem[0] + 1];
        RecordedEvents.Builder events = new RecordedEvents.Builder("beauty-", userIds, objectIds, List.of(Map.of()));
        int source = 0;
        for (int u = 0; u < sequences.size(); u++) {
            long[] times = times(options.seed(), userIds[u], sequences.get(u).length);
            for (int k = 0; k < times.length; k++) {
                int item = sequences.get(u)[k];
                if (objectIds[item] == null) {
                    objectIds[item] = "m" + item;
                }
                events.add(u, item, Action.CLICK, 0, times[k], ++source);
            }
        }
        RecordedEvents sorted = events.build();
        Instant known = Instant.ofEpochMilli(sorted.firstTime());

        List<MarketingObject> catalogue = new ArrayList<>();
        for (String objectId : objectIds) {
            if (objectId != null) {
                catalogue.add(new MarketingObject(objectId, Map.of(), Map.of(), DeliveryStatus.IN_DELIVERY, known));
            }
        }
        TreeMap<Integer, UserProfileUpdate> profiles = new TreeMap<>();
        for (int u = 0; u < userIds.length; u++) {
            double arpu = DerivedArpu.of(options.seed(), userIds[u], sequences.get(u).length);
            profiles.put(userNumbers.get(u), new UserProfileUpdate(userIds[u], arpu, Map.of(), known));
        }
        return new RecordedLog(NAME, catalogue, new ArrayList<>(profiles.values()), sorted, options);
    }

    /** The synthetic times of one user's events, strictly increasing. */
    static long[] times(long seed, String userId, int count) {
        SplittableRandom random = new SplittableRandom(Draws.subSeed(seed, "beauty-time:" + userId));
        long[] times = new long[count];
        long t = EPOCH.toEpochMilli() + (long) (random.nextDouble() * FIRST_EVENT_WINDOW.toMillis());
        for (int k = 0; k < count; k++) {
            if (k > 0) {
                t += 1_000L + (long) Draws.logNormal(random, MEDIAN_GAP.toMillis(), GAP_SIGMA);
            }
            times[k] = t;
        }
        return times;
    }
}
