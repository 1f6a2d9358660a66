package io.nearline.recall.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads F32 tensors from a safetensors file: an 8-byte little-endian header length N, N bytes of JSON
 * {@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}}, then the data, offsets
 * relative to its start. Malformed files are a {@link CheckpointException} naming the file and the tensor.
 */
public final class SafetensorsFile {

    /** One tensor: its shape and its values, row-major. */
    public record Tensor(String name, int[] shape, float[] values) {

        public int dimension(int axis) {
            return shape[axis];
        }
    }

    private SafetensorsFile() {}

    public static Map<String, Tensor> read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new CheckpointException(file + ": shorter than the 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength < 2 || 8 + headerLength > size) {
                throw new CheckpointException(file + ": header of " + headerLength + " bytes does not fit a file of "
                        + size + " bytes");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            channel.read(headerBytes, 8);
            JsonNode header;
            try {
                header = new ObjectMapper().readTree(headerBytes.array());
            } catch (IOException e) {
                throw new CheckpointException(file + ": header is not JSON: " + e.getMessage(), e);
            }
            long dataStart = 8 + headerLength;
            ByteBuffer data = channel.map(FileChannel.MapMode.READ_ONLY, dataStart, size - dataStart)
                    .order(ByteOrder.LITTLE_ENDIAN);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getKey().equals("__metadata__")) {
                    tensors.put(entry.getKey(), tensor(file, entry.getKey(), entry.getValue(), data));
                }
            }
            return tensors;
        }
    }

    private static Tensor tensor(Path file, String name, JsonNode entry, ByteBuffer data) {
        String dtype = entry.path("dtype").asText();
        if (!dtype.equals("F32")) {
            throw new CheckpointException(file + ": tensor " + name + " has dtype " + dtype + ", only F32 is read");
        }
        JsonNode shapeNode = entry.path("shape");
        int[] shape = new int[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asInt();
            count *= shape[i];
        }
        JsonNode offsets = entry.path("data_offsets");
        long begin = offsets.path(0).asLong(-1);
        long end = offsets.path(1).asLong(-1);
        if (begin < 0 || end - begin != 4 * count || end > data.capacity() || count > Integer.MAX_VALUE) {
            throw new CheckpointException(file + ": tensor " + name + " offsets " + offsets + " do not fit shape "
                    + Arrays.toString(shape) + " in " + data.capacity() + " data bytes");
        }
        float[] values = new float[(int) count];
        data.slice((int) begin, (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return new Tensor(name, shape, values);
    }
}
