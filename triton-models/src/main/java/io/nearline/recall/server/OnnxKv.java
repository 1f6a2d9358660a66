package io.nearline.recall.server;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;

/**
 * One thread's buffers for {@link OnnxLlama}, direct so ONNX Runtime reads and writes them in place: the rows' past
 * KV fed in, the present KV and logits it writes back (pinned outputs), the token ids. The export's past has a batch
 * row per beam, each holding the whole prompt's KV, so moving the beams to their parents copies every row's prompt
 * too: what the plain-Java {@code BeamKv} avoids by sharing one prompt KV among the beams.
 */
final class OnnxKv {

    private final int layers;
    final FloatBuffer[] pastKeys;
    final FloatBuffer[] pastValues;
    final FloatBuffer[] presentKeys;
    final FloatBuffer[] presentValues;
    FloatBuffer logits = floats(0);
    LongBuffer ids = ByteBuffer.allocateDirect(0).asLongBuffer();
    /** Rows and tokens per row of the presents. */
    int rows;
    int length;

    OnnxKv(int layers) {
        this.layers = layers;
        pastKeys = new FloatBuffer[layers];
        pastValues = new FloatBuffer[layers];
        presentKeys = new FloatBuffer[layers];
        presentValues = new FloatBuffer[layers];
        for (int l = 0; l < layers; l++) {
            pastKeys[l] = pastValues[l] = presentKeys[l] = presentValues[l] = floats(0);
        }
    }

    /**
     * Room for the outputs of a run of {@code rows} x {@code time} tokens after a past of {@code past} tokens (of
     * {@code kvDim} floats a layer); the pasts are already in place, what the presents held is dropped.
     */
    void ensureRun(int rows, int time, int past, int kvDim, int vocab) {
        for (int l = 0; l < layers; l++) {
            presentKeys[l] = grown(presentKeys[l], rows * (past + time) * kvDim);
            presentValues[l] = grown(presentValues[l], rows * (past + time) * kvDim);
        }
        logits = grown(logits, rows * vocab);
        if (ids.capacity() < rows * time) {
            ids = ByteBuffer.allocateDirect(8 * rows * time).order(ByteOrder.nativeOrder()).asLongBuffer();
        }
    }

    /**
     * Room for a past of {@code rows} x {@code length} tokens, which the caller writes into {@link #pastKeys} and
     * {@link #pastValues} (a cached prefix); the next run continues after it.
     */
    void ensurePast(int rows, int length, int kvDim) {
        for (int l = 0; l < layers; l++) {
            pastKeys[l] = grown(pastKeys[l], rows * length * kvDim);
            pastValues[l] = grown(pastValues[l], rows * length * kvDim);
        }
        this.rows = rows;
        this.length = length;
    }

    /** Past row r becomes present row {@code parents[r]}, for {@code count} rows: the next step's input. */
    void gather(int[] parents, int count, int kvDim) {
        int block = length * kvDim;
        for (int l = 0; l < layers; l++) {
            pastKeys[l] = grown(pastKeys[l], count * block);
            pastValues[l] = grown(pastValues[l], count * block);
            copyRows(presentKeys[l], pastKeys[l], parents, count, block);
            copyRows(presentValues[l], pastValues[l], parents, count, block);
        }
    }

    private static void copyRows(FloatBuffer from, FloatBuffer to, int[] parents, int count, int block) {
        for (int r = 0; r < count; r++) {
            to.put(r * block, from, parents[r] * block, block);
        }
    }

    /** A view of the first {@code count} floats, what a tensor of that many elements is made from. */
    static FloatBuffer head(FloatBuffer buffer, int count) {
        return buffer.slice(0, count);
    }

    private static FloatBuffer grown(FloatBuffer buffer, int count) {
        return buffer.capacity() >= count ? buffer : floats(Math.max(count, buffer.capacity() * 3 / 2));
    }

    private static FloatBuffer floats(int count) {
        return ByteBuffer.allocateDirect(4 * count).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
