package io.nearline.recall.model;

import io.nearline.recall.semantic.IdFormat;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The versioned model file: a header (magic, file format version, model version, semantic-ID version and vector
 * source, training data name, training options, ID format), then the items with their IDs and counts, the
 * transition rows, and a CRC-32 of everything before it. Written atomically; reading gives the model or the reason
 * it cannot be used, never a half-read model.
 */
public final class ModelFile {

    /** Version of the layout below; readers refuse other versions. */
    public static final int FORMAT_VERSION = 1;
    private static final int MAGIC = 0x4E524D4C;

    /** What reading a model file gave. */
    public sealed interface Loaded {

        record Model(SequentialRecallModel model) implements Loaded {}

        /** The file cannot be used; the reason names the file and what is wrong. */
        record Failed(String reason) implements Loaded {}
    }

    private ModelFile() {
    }

    public static void write(SequentialRecallModel model, Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
        try (CheckedOutputStream checked = new CheckedOutputStream(
                new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16), new CRC32());
             DataOutputStream out = new DataOutputStream(checked)) {
            writeHeader(out, model.header(), model.items().format());
            ItemCodes items = model.items();
            out.writeInt(items.size());
            for (int item = 0; item < items.size(); item++) {
                out.writeUTF(items.objectId(item));
                int[] codes = items.codes(item);
                out.writeByte(codes.length);
                for (int code : codes) {
                    out.writeInt(code);
                }
                out.writeLong(model.popularityCount(item));
            }
            Transitions transitions = model.transitions();
            out.writeInt(transitions.entries());
            for (int start : transitions.rowStarts()) {
                out.writeInt(start);
            }
            for (int column : transitions.columns()) {
                out.writeInt(column);
            }
            for (float probability : transitions.probabilities()) {
                out.writeFloat(probability);
            }
            out.flush();
            out.writeLong(checked.getChecksum().getValue());
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeHeader(DataOutputStream out, ModelHeader header, IdFormat format) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeUTF(header.modelVersion());
        out.writeInt(header.semanticIdVersion());
        out.writeUTF(header.semanticIdSource());
        out.writeUTF(header.trainingData());
        Map<String, String> options = new java.util.TreeMap<>(header.options());
        out.writeInt(options.size());
        for (Map.Entry<String, String> option : options.entrySet()) {
            out.writeUTF(option.getKey());
            out.writeUTF(option.getValue());
        }
        out.writeInt(format.levels());
        out.writeInt(format.codes());
        out.writeInt(format.collisionCodes());
    }

    public static Loaded read(Path file) {
        try (CheckedInputStream checked = new CheckedInputStream(
                new BufferedInputStream(Files.newInputStream(file), 1 << 16), new CRC32());
             DataInputStream in = new DataInputStream(checked)) {
            if (in.readInt() != MAGIC) {
                return new Loaded.Failed(file + ": not a recall model file");
            }
            int format = in.readInt();
            if (format != FORMAT_VERSION) {
                return new Loaded.Failed(file + ": file format " + format + ", this reader knows " + FORMAT_VERSION);
            }
            ModelHeader header = new ModelHeader(format, in.readUTF(), in.readInt(), in.readUTF(), in.readUTF(),
                    readOptions(in));
            IdFormat idFormat = new IdFormat(in.readInt(), in.readInt(), in.readInt());
            long size = Files.size(file);
            int n = in.readInt();
            if (n < 0 || n > size) {
                return new Loaded.Failed(file + ": item count " + n + " does not fit a file of " + size + " bytes");
            }
            String[] objectIds = new String[n];
            int[][] codes = new int[n][];
            long[] counts = new long[n];
            for (int item = 0; item < n; item++) {
                objectIds[item] = in.readUTF();
                codes[item] = new int[in.readUnsignedByte()];
                for (int position = 0; position < codes[item].length; position++) {
                    codes[item][position] = in.readInt();
                }
                counts[item] = in.readLong();
            }
            int entries = in.readInt();
            if (entries < 0 || entries > size) {
                return new Loaded.Failed(file + ": transition count " + entries + " does not fit a file of " + size
                        + " bytes");
            }
            int[] rowStart = readInts(in, n + 1);
            int[] columns = readInts(in, entries);
            float[] probabilities = new float[entries];
            for (int i = 0; i < entries; i++) {
                probabilities[i] = in.readFloat();
            }
            long computed = checked.getChecksum().getValue();
            if (in.readLong() != computed || in.read() != -1) {
                return new Loaded.Failed(file + ": checksum mismatch or trailing bytes: the file is damaged");
            }
            return new Loaded.Model(new SequentialRecallModel(header,
                    new ItemCodes(idFormat, objectIds, codes), counts, new Transitions(rowStart, columns, probabilities)));
        } catch (NoSuchFileException e) {
            return new Loaded.Failed(file + ": no such file");
        } catch (EOFException e) {
            return new Loaded.Failed(file + ": ends early: the file is truncated");
        } catch (IOException e) {
            return new Loaded.Failed(file + ": cannot be read: " + e.getMessage());
        } catch (IllegalArgumentException | NegativeArraySizeException | ArrayIndexOutOfBoundsException e) {
            return new Loaded.Failed(file + ": inconsistent content: " + e.getMessage());
        }
    }

    private static Map<String, String> readOptions(DataInputStream in) throws IOException {
        int count = in.readInt();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            options.put(in.readUTF(), in.readUTF());
        }
        return options;
    }

    private static int[] readInts(DataInputStream in, int count) throws IOException {
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = in.readInt();
        }
        return values;
    }
}
