package io.nearline.recall.prompt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads dictionary files: UTF-8 TSV, first line {@code #version<TAB>V}, then {@code feature<TAB>value<TAB>text}
 * lines; blank lines and lines starting with {@code #} are skipped. All files load or none do: any problem is
 * reported with file, line and reason, and no snapshot is made.
 */
public final class DictionaryFiles {

    /** Classpath index naming the packaged dictionary files, one resource name a line. */
    public static final String CLASSPATH_INDEX = "dictionaries/index.txt";

    /** The outcome of a load: a snapshot when there were no problems, else the problems. */
    public record Load(DictionarySnapshot snapshot, List<DictionaryProblem> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private DictionaryFiles() {
    }

    /** The dictionaries packaged under src/main/resources/dictionaries, listed in {@link #CLASSPATH_INDEX}. */
    public static Load loadClasspath() {
        List<String> names = new ArrayList<>();
        try (BufferedReader index = reader(resource(CLASSPATH_INDEX))) {
            index.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Reader> files = new LinkedHashMap<>();
        for (String name : names) {
            files.put(name, reader(resource("dictionaries/" + name)));
        }
        return parse(files);
    }

    /** Every {@code *.tsv} file of a directory, in name order (the live update path). */
    public static Load loadDirectory(Path dir) throws IOException {
        List<Path> paths;
        try (Stream<Path> listing = Files.list(dir)) {
            paths = listing.filter(p -> p.getFileName().toString().endsWith(".tsv")).sorted().toList();
        }
        Map<String, Reader> files = new LinkedHashMap<>();
        for (Path p : paths) {
            files.put(p.getFileName().toString(), Files.newBufferedReader(p, StandardCharsets.UTF_8));
        }
        return parse(files);
    }

    /** Parses the named files in order; the snapshot version joins the file versions as {@code name@version+...}. */
    public static Load parse(Map<String, Reader> files) {
        Map<String, Map<String, String>> texts = new HashMap<>();
        Map<String, String> firstSeen = new HashMap<>();
        List<DictionaryProblem> problems = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        for (Map.Entry<String, Reader> file : files.entrySet()) {
            String name = file.getKey();
            try (BufferedReader in = new BufferedReader(file.getValue())) {
                String version = parseFile(name, in, texts, firstSeen, problems);
                if (version != null) {
                    versions.add(stem(name) + "@" + version);
                }
            } catch (IOException e) {
                problems.add(new DictionaryProblem(name, 0, "cannot read: " + e.getMessage()));
            }
        }
        if (files.isEmpty()) {
            problems.add(new DictionaryProblem("(none)", 0, "no dictionary files"));
        }
        return problems.isEmpty()
                ? new Load(new DictionarySnapshot(String.join("+", versions), texts), List.of())
                : new Load(null, List.copyOf(problems));
    }

    private static String parseFile(String name, BufferedReader in, Map<String, Map<String, String>> texts,
            Map<String, String> firstSeen, List<DictionaryProblem> problems) throws IOException {
        String version = null;
        int lineNo = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            if (lineNo == 1) {
                String[] header = line.split("\t", -1);
                if (header.length != 2 || !header[0].equals("#version") || header[1].isBlank()) {
                    problems.add(new DictionaryProblem(name, 1, "first line must be '#version<TAB>VERSION'"));
                    return null;
                }
                version = header[1].trim();
                continue;
            }
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 3) {
                problems.add(new DictionaryProblem(name, lineNo, "expected 3 tab-separated fields, found " + f.length));
            } else if (f[0].isBlank() || f[1].isBlank() || f[2].isBlank()) {
                problems.add(new DictionaryProblem(name, lineNo, "empty feature, value or text"));
            } else {
                String where = name + ":" + lineNo;
                String earlier = firstSeen.putIfAbsent(f[0] + "\t" + f[1], where);
                if (earlier != null) {
                    problems.add(new DictionaryProblem(name, lineNo,
                            "duplicate " + f[0] + "=" + f[1] + " (first at " + earlier + ")"));
                } else {
                    texts.computeIfAbsent(f[0], k -> new HashMap<>()).put(f[1], f[2]);
                }
            }
        }
        if (lineNo == 0) {
            problems.add(new DictionaryProblem(name, 0, "empty file: no version header"));
        }
        return version;
    }

    private static String stem(String fileName) {
        String base = fileName.substring(fileName.lastIndexOf('/') + 1);
        return base.endsWith(".tsv") ? base.substring(0, base.length() - 4) : base;
    }

    private static InputStream resource(String name) {
        InputStream in = DictionaryFiles.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing classpath resource " + name);
        }
        return in;
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
