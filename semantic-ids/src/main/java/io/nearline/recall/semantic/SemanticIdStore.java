package io.nearline.recall.semantic;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Saves and reads versioned codebooks ({@code codebook-v<N>.bin}) and their ID assignments ({@code ids-v<N>.tsv},
 * one {@code objectId<TAB><a_..><b_..>...} per line) in one directory. Assigning new objects reads the latest
 * version; a rebuild writes version N+1 and leaves N as it was.
 */
public final class SemanticIdStore {

    private static final int MAGIC = 0x4E534944;
    private static final int FILE_FORMAT = 1;
    private static final Pattern CODEBOOK_NAME = Pattern.compile("codebook-v(\\d+)\\.bin");
    private static final Pattern HEADER = Pattern.compile(
            "# semantic-ids version=(\\d+) levels=(\\d+) codes=(\\d+) collision-codes=(\\d+)"
                    + " always-suffix=(true|false)");

    private final Path directory;

    public SemanticIdStore(Path directory) {
        this.directory = directory;
    }

    public Path codebookFile(int version) {
        return directory.resolve("codebook-v" + version + ".bin");
    }

    public Path idsFile(int version) {
        return directory.resolve("ids-v" + version + ".tsv");
    }

    /** The highest saved codebook version, empty when none is saved. */
    public OptionalInt latestVersion() {
        if (!Files.isDirectory(directory)) {
            return OptionalInt.empty();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> CODEBOOK_NAME.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(matcher -> Integer.parseInt(matcher.group(1)))
                    .max();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the codebook and every assignment; each file is replaced atomically. */
    public void save(IdAssignments assignments) throws IOException {
        Files.createDirectories(directory);
        Codebook codebook = assignments.codebook();
        Path codebookTemp = Files.createTempFile(directory, "codebook", ".tmp");
        try (DataOutputStream out =
                     new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(codebookTemp)))) {
            out.writeInt(MAGIC);
            out.writeInt(FILE_FORMAT);
            out.writeInt(codebook.version());
            out.writeUTF(codebook.vectorSource());
            out.writeInt(codebook.levels());
            out.writeInt(codebook.codes());
            out.writeInt(codebook.dimension());
            for (int level = 0; level < codebook.levels(); level++) {
                for (int code = 0; code < codebook.codes(); code++) {
                    for (float value : codebook.centroid(level, code)) {
                        out.writeFloat(value);
                    }
                }
            }
        }
        Path idsTemp = Files.createTempFile(directory, "ids", ".tmp");
        IdFormat format = assignments.format();
        List<String> lines = new ArrayList<>(assignments.size() + 1);
        lines.add("# semantic-ids version=" + codebook.version() + " levels=" + format.levels() + " codes="
                + format.codes() + " collision-codes=" + format.collisionCodes()
                + " always-suffix=" + assignments.alwaysSuffix());
        for (Map.Entry<String, SemanticId> entry : assignments.all().entrySet()) {
            if (entry.getKey().indexOf('\t') >= 0 || entry.getKey().indexOf('\n') >= 0) {
                throw new IllegalArgumentException("object id with a tab or newline cannot be saved: "
                        + entry.getKey());
            }
            lines.add(entry.getKey() + "\t" + entry.getValue().render());
        }
        Files.write(idsTemp, lines, StandardCharsets.UTF_8);
        Files.move(codebookTemp, codebookFile(codebook.version()), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Files.move(idsTemp, idsFile(codebook.version()), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads the highest saved version; Failed when the directory holds none. */
    public StoredIds loadLatest() throws IOException {
        OptionalInt latest = latestVersion();
        if (latest.isEmpty()) {
            return new StoredIds.Failed(List.of(directory + ": no codebook-v<N>.bin saved"));
        }
        return load(latest.getAsInt());
    }

    /** Reads one version; every malformed line is reported with its number, none is skipped. */
    public StoredIds load(int version) throws IOException {
        Codebook codebook;
        try (DataInputStream in =
                     new DataInputStream(new BufferedInputStream(Files.newInputStream(codebookFile(version))))) {
            if (in.readInt() != MAGIC || in.readInt() != FILE_FORMAT) {
                return new StoredIds.Failed(List.of(codebookFile(version) + ": not a codebook file of format "
                        + FILE_FORMAT));
            }
            int storedVersion = in.readInt();
            String source = in.readUTF();
            int levels = in.readInt();
            int codes = in.readInt();
            int dimension = in.readInt();
            float[][][] centroids = new float[levels][codes][dimension];
            for (float[][] level : centroids) {
                for (float[] centroid : level) {
                    for (int d = 0; d < dimension; d++) {
                        centroid[d] = in.readFloat();
                    }
                }
            }
            codebook = new Codebook(storedVersion, source, centroids);
        }
        return readIds(codebook, Files.readAllLines(idsFile(version), StandardCharsets.UTF_8));
    }

    private StoredIds readIds(Codebook codebook, List<String> lines) {
        Path file = idsFile(codebook.version());
        Matcher header = lines.isEmpty() ? null : HEADER.matcher(lines.get(0));
        if (header == null || !header.matches()) {
            return new StoredIds.Failed(List.of(file + " line 1: expected header like '" + HEADER.pattern() + "'"));
        }
        if (Integer.parseInt(header.group(1)) != codebook.version()
                || Integer.parseInt(header.group(2)) != codebook.levels()
                || Integer.parseInt(header.group(3)) != codebook.codes()) {
            return new StoredIds.Failed(List.of(file + " line 1: header does not match codebook v"
                    + codebook.version() + " (" + codebook.levels() + " levels of " + codebook.codes() + ")"));
        }
        IdAssignments assignments = new IdAssignments(codebook, Boolean.parseBoolean(header.group(5)),
                Integer.parseInt(header.group(4)));
        List<String> problems = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int tab = line.indexOf('\t');
            if (tab <= 0 || tab != line.lastIndexOf('\t')) {
                problems.add(file + " line " + (i + 1) + ": expected objectId<TAB>semantic id");
                continue;
            }
            ParsedId parsed = SemanticIdText.parse(line.substring(tab + 1), assignments.format());
            if (parsed instanceof ParsedId.Rejected rejected) {
                problems.add(file + " line " + (i + 1) + ": " + rejected.reason());
                continue;
            }
            SemanticId id = ((ParsedId.Valid) parsed).id();
            IdAssignments.Assigned restored = assignments.restore(line.substring(0, tab), id);
            if (restored instanceof IdAssignments.Assigned.Refused refused) {
                problems.add(file + " line " + (i + 1) + ": " + refused.reason());
            }
        }
        return problems.isEmpty() ? new StoredIds.Loaded(assignments) : new StoredIds.Failed(problems);
    }
}
