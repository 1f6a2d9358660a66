package io.nearline.recall.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nearline.recall.llm.LlamaCheckpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The ONNX export beside a checkpoint ({@value #FILE}, written by {@code recall-model/llm/export_onnx.py}, which
 * train.py runs after saving), and the proof that it was exported from these weights: its sidecar {@value #SIDECAR}
 * records the model version of config.json and the SHA-256 of model.safetensors it was exported from. Retraining
 * into the same folder with the same {@code --model-version} changes the weights, so the digest, not the version
 * alone, is what catches an export left over from earlier weights.
 */
final class OnnxExport {

    static final String FILE = "model.onnx";
    static final String SIDECAR = "model.onnx.json";
    static final String WEIGHTS = "model.safetensors";

    private OnnxExport() {}

    static boolean present(Path checkpointFolder) {
        return Files.isRegularFile(checkpointFolder.resolve(FILE));
    }

    /** The command that (re)writes the export of a checkpoint folder, for the reasons below. */
    static String exportCommand(Path checkpointFolder) {
        return "python3 recall-model/llm/export_onnx.py --checkpoint " + checkpointFolder;
    }

    /** The export of {@code checkpoint} once its sidecar matches the checkpoint; else the reason it cannot serve. */
    static Path verified(LlamaCheckpoint checkpoint) throws IOException {
        Path folder = checkpoint.folder();
        Path model = folder.resolve(FILE);
        if (!Files.isRegularFile(model)) {
            throw refused(folder, "has no ONNX export " + FILE);
        }
        Path sidecar = folder.resolve(SIDECAR);
        if (!Files.isRegularFile(sidecar)) {
            throw refused(folder, "has " + FILE + " but no " + SIDECAR + " saying which weights it was exported from");
        }
        JsonNode recorded = new ObjectMapper().readTree(sidecar.toFile());
        String version = recorded.path("model_version").asText("");
        String expectedVersion = checkpoint.config().modelVersion();
        if (!version.equals(expectedVersion)) {
            throw refused(folder, "has an ONNX export of model version '" + version + "' but config.json is version '"
                    + expectedVersion + "'");
        }
        String digest = recorded.path("weights_sha256").asText("");
        String actual = sha256(folder.resolve(WEIGHTS));
        if (!digest.equalsIgnoreCase(actual)) {
            throw refused(folder, "has an ONNX export of other weights than its " + WEIGHTS + " (SHA-256 "
                    + abbreviated(digest) + " recorded, " + abbreviated(actual) + " now): the export is stale");
        }
        return model;
    }

    private static IllegalArgumentException refused(Path folder, String reason) {
        return new IllegalArgumentException("checkpoint " + folder + " " + reason + "; export it with '"
                + exportCommand(folder) + "' or serve it with server.transformer-runtime=java");
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] chunk = new byte[1 << 16];
            for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
                digest.update(chunk, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String abbreviated(String digest) {
        return digest.isEmpty() ? "none" : digest.substring(0, Math.min(12, digest.length()));
    }
}
