package io.nearline.recall.behaviour;

import io.nearline.recall.avro.Action;
import io.nearline.recall.avro.DeliveryStatus;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.UserProfileUpdate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads MovieLens-100K (u.data, u.item, u.user, optional u.genre) as a behaviour log: every rating is an ad-domain
 * behaviour at its time, 5 a CONVERSION, 4 a CLICK and 1-3 an IMPRESSION; the rating is kept as attribute "rating".
 */
final class MovieLensReader {

    static final String NAME = "movielens-100k";
    private static final List<String> DEFAULT_GENRES = List.of("unknown", "Action", "Adventure", "Animation",
            "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical",
            "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western");
    private static final List<Map<String, String>> RATING_ATTRIBUTES = List.of(
            Map.of("rating", "1"), Map.of("rating", "2"), Map.of("rating", "3"), Map.of("rating", "4"),
            Map.of("rating", "5"));

    private MovieLensReader() {
    }

    static boolean isDataset(Path directory) {
        return Files.isDirectory(directory) && Files.isRegularFile(directory.resolve("u.data"));
    }

    static BehaviourLog read(Path directory, BehaviourLogOptions options) {
        List<String> genres = Files.isRegularFile(directory.resolve("u.genre"))
                ? readGenres(directory.resolve("u.genre")) : DEFAULT_GENRES;
        Map<Integer, ItemRow> items = readItems(directory.resolve("u.item"), genres);
        Map<Integer, Map<String, String>> users = readUsers(directory.resolve("u.user"));
        int maxItem = items.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        int maxUser = users.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        String[] objectIds = new String[maxItem + 1];
        items.keySet().forEach(id -> objectIds[id] = "m" + id);
        String[] userIds = new String[maxUser + 1];
        users.keySet().forEach(id -> userIds[id] = "u" + id);

        int[] eventsPerUser = new int[maxUser + 1];
        RecordedEvents.Builder events = new RecordedEvents.Builder("ml-", userIds, objectIds, RATING_ATTRIBUTES);
        Path data = directory.resolve("u.data");
        DatasetLines.forEach(data, StandardCharsets.ISO_8859_1, (line, text) -> {
            String[] f = text.split("\t", -1);
            if (f.length != 4) {
                throw new MalformedLogException(data, line, "expected 4 tab-separated fields (user item rating unix_time), got " + f.length);
            }
            int user = DatasetLines.parseInt(data, line, "user", f[0]);
            int item = DatasetLines.parseInt(data, line, "item", f[1]);
            int rating = DatasetLines.parseInt(data, line, "rating", f[2]);
            long seconds = DatasetLines.parseLong(data, line, "unix_time", f[3]);
            if (!users.containsKey(user)) {
                throw new MalformedLogException(data, line, "user " + user + " is not in u.user");
            }
            if (!items.containsKey(item)) {
                throw new MalformedLogException(data, line, "item " + item + " is not in u.item");
            }
            if (rating < 1 || rating > 5) {
                throw new MalformedLogException(data, line, "rating must be 1-5, got " + rating);
            }
            eventsPerUser[user]++;
            events.add(user, item, action(rating), rating - 1, seconds * 1000L, (int) line);
        });
        RecordedEvents sorted = events.build();
        Instant known = Instant.ofEpochMilli(sorted.firstTime());

        List<MarketingObject> catalogue = new ArrayList<>(items.size());
        items.forEach((id, row) -> catalogue.add(
                new MarketingObject("m" + id, row.text, row.attributes, DeliveryStatus.IN_DELIVERY, known)));
        List<UserProfileUpdate> profiles = new ArrayList<>(users.size());
        users.forEach((id, attributes) -> profiles.add(new UserProfileUpdate("u" + id,
                DerivedArpu.of(options.seed(), "u" + id, eventsPerUser[id]), attributes, known)));
        return new RecordedLog(NAME, catalogue, profiles, sorted, options);
    }

    /** The documented rating-to-action mapping. */
    static Action action(int rating) {
        return rating == 5 ? Action.CONVERSION : rating == 4 ? Action.CLICK : Action.IMPRESSION;
    }

    private static List<String> readGenres(Path file) {
        TreeMap<Integer, String> byIndex = new TreeMap<>();
        DatasetLines.forEach(file, StandardCharsets.ISO_8859_1, (line, text) -> {
            String[] f = text.split("\\|", -1);
            if (f.length != 2) {
                throw new MalformedLogException(file, line, "expected name|index, got " + f.length + " fields");
            }
            byIndex.put(DatasetLines.parseInt(file, line, "genre index", f[1]), f[0]);
        });
        List<String> genres = new ArrayList<>(byIndex.values());
        if (!byIndex.isEmpty() && (byIndex.firstKey() != 0 || byIndex.lastKey() != genres.size() - 1)) {
            throw new MalformedLogException(file, 0, "genre indices must run 0.." + (genres.size() - 1));
        }
        return genres;
    }

    private record ItemRow(Map<String, String> text, Map<String, String> attributes) {
    }

    private static Map<Integer, ItemRow> readItems(Path file, List<String> genres) {
        Map<Integer, ItemRow> items = new TreeMap<>();
        int expected = 5 + genres.size();
        // u.item is ISO-8859-1 (accented titles); reading it as UTF-8 would fail or garble them.
        DatasetLines.forEach(file, StandardCharsets.ISO_8859_1, (line, text) -> {
            String[] f = text.split("\\|", -1);
            if (f.length != expected) {
                throw new MalformedLogException(file, line, "expected " + expected
                        + " |-separated fields (id|title|release date|video date|url|" + genres.size() + " genre flags), got " + f.length);
            }
            int id = DatasetLines.parseInt(file, line, "movie id", f[0]);
            List<String> itemGenres = new ArrayList<>();
            for (int g = 0; g < genres.size(); g++) {
                String flag = f[5 + g];
                if (!flag.equals("0") && !flag.equals("1")) {
                    throw new MalformedLogException(file, line, "genre flag " + genres.get(g) + " must be 0 or 1, got '" + flag + "'");
                }
                if (flag.equals("1")) {
                    itemGenres.add(genres.get(g));
                }
            }
            Map<String, String> itemText = new LinkedHashMap<>();
            itemText.put("title", f[1]);
            itemText.put("category", itemGenres.isEmpty() ? "unknown" : itemGenres.get(0));
            itemText.put("genres", String.join(",", itemGenres));
            String year = year(f[2]);
            if (!year.isEmpty()) {
                itemText.put("year", year);
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            putIfPresent(attributes, "release_date", f[2]);
            putIfPresent(attributes, "video_release_date", f[3]);
            putIfPresent(attributes, "imdb_url", f[4]);
            if (items.put(id, new ItemRow(itemText, attributes)) != null) {
                throw new MalformedLogException(file, line, "movie id " + id + " appears twice");
            }
        });
        return items;
    }

    private static Map<Integer, Map<String, String>> readUsers(Path file) {
        Map<Integer, Map<String, String>> users = new TreeMap<>();
        DatasetLines.forEach(file, StandardCharsets.ISO_8859_1, (line, text) -> {
            String[] f = text.split("\\|", -1);
            if (f.length != 5) {
                throw new MalformedLogException(file, line, "expected 5 |-separated fields (user|age|gender|occupation|zip), got " + f.length);
            }
            int id = DatasetLines.parseInt(file, line, "user id", f[0]);
            int age = DatasetLines.parseInt(file, line, "age", f[1]);
            if (!f[2].equals("M") && !f[2].equals("F")) {
                throw new MalformedLogException(file, line, "gender must be M or F, got '" + f[2] + "'");
            }
            if (f[3].isEmpty() || f[4].isEmpty()) {
                throw new MalformedLogException(file, line, "occupation and zip code must not be empty");
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("age_bucket", ageBucket(age));
            attributes.put("gender", "gender_" + f[2].toLowerCase(Locale.ROOT));
            attributes.put("occupation", f[3]);
            attributes.put("region", "region_" + Character.toLowerCase(f[4].charAt(0)));
            if (users.put(id, attributes) != null) {
                throw new MalformedLogException(file, line, "user id " + id + " appears twice");
            }
        });
        return users;
    }

    static String ageBucket(int age) {
        if (age < 18) {
            return "age_under_18";
        }
        if (age < 25) {
            return "age_18_24";
        }
        if (age < 35) {
            return "age_25_34";
        }
        if (age < 45) {
            return "age_35_44";
        }
        return age < 55 ? "age_45_54" : "age_55_plus";
    }

    private static String year(String releaseDate) {
        return releaseDate.length() >= 4 ? releaseDate.substring(releaseDate.length() - 4) : "";
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (!value.isEmpty()) {
            map.put(key, value);
        }
    }
}
