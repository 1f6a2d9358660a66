package io.nearline.recall.server;

import io.nearline.recall.llm.LlamaCheckpoint;
import io.nearline.recall.llm.PrefixKvCache;
import io.nearline.recall.model.ModelFile;
import io.nearline.recall.model.SequentialRecallModel;
import io.nearline.recall.prompt.PromptTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the server serves under {@code server.model-kind=transformer} or {@code fusion}: the checkpoint of
 * {@code server.checkpoint} over the catalogue, refused at load with the reason when it was trained on another
 * semantic-ID codebook than the catalogue's or cannot spell one of its codes.
 */
final class TransformerServing {

    private static final Pattern VERSION_LINE = Pattern.compile("#\\s*semantic-ids version=(\\S+).*");

    private TransformerServing() {}

    static LocalServerMain.Served served(LocalServerOptions options) throws IOException {
        LlamaCheckpoint checkpoint = LlamaCheckpoint.load(Path.of(options.checkpoint()));
        SequentialRecallModel countModel = null;
        if (!options.model().isEmpty()) {
            ModelFile.Loaded loaded = ModelFile.read(Path.of(options.model()));
            if (loaded instanceof ModelFile.Loaded.Failed failed) {
                throw new IllegalArgumentException("cannot serve model: " + failed.reason());
            }
            countModel = ((ModelFile.Loaded.Model) loaded).model();
        }
        List<int[]> ids;
        String catalogueVersion;
        String over;
        if (!options.catalogue().isEmpty()) {
            Path file = Path.of(options.catalogue());
            ids = LocalServerMain.readCatalogue(file);
            catalogueVersion = options.catalogueVersion().isEmpty() ? versionLine(file) : options.catalogueVersion();
            over = ids.size() + " semantic IDs of " + file;
        } else if (countModel != null) {
            ids = BeamSearchRanking.allIds(countModel.items());
            catalogueVersion = Integer.toString(countModel.header().semanticIdVersion());
            over = ids.size() + " semantic IDs the count model was trained over";
        } else {
            throw new IllegalArgumentException("server.model-kind=" + options.modelKind()
                    + " needs a catalogue: server.catalogue, or server.model for its objects");
        }
        requireCodebook(checkpoint, catalogueVersion);
        requireSpelled(checkpoint, ids);
        PrefixKvCache cache = options.prefixCacheBytes() == 0 ? null : new PrefixKvCache(options.prefixCacheBytes());
        FrozenPrefix prefix = FrozenPrefix.of(PromptTemplate.load(options.promptTemplate()));
        GenerativeRecallModel transformer = RecallLlmRuntime.load(checkpoint, options.transformerRuntime(),
                options.onnxThreads(), cache, prefix);
        String runtime = RecallLlmRuntime.describe(transformer, options.onnxThreads());
        String description = TransformerRecallModel.MODEL_NAME + " version " + transformer.version() + " from "
                + checkpoint.folder() + " (runtime " + runtime + ", codebook " + catalogueVersion + ", prefix cache "
                + (cache == null ? "off" : options.prefixCacheBytes() + " bytes") + "), over " + over;
        if (options.modelKind().equals("transformer")) {
            return new LocalServerMain.Served(transformer, CodeTrie.of(ids), description);
        }
        if (countModel == null) {
            throw new IllegalArgumentException("server.model-kind=fusion needs server.model (the count model)");
        }
        GenerativeRecallModel fusion = new FusionRecallModel(transformer, new RecallModelAdapter(countModel),
                options.fusionWeight());
        return new LocalServerMain.Served(fusion, CodeTrie.of(ids), fusion.name() + ": " + description);
    }

    /** The checkpoint must say which codebook it was trained on, and it must be the catalogue's. */
    static void requireCodebook(LlamaCheckpoint checkpoint, String catalogueVersion) {
        String trained = checkpoint.config().codebookVersion();
        if (catalogueVersion == null || catalogueVersion.isEmpty()) {
            throw new IllegalArgumentException("cannot check checkpoint " + checkpoint.folder()
                    + " against the catalogue: the catalogue's semantic-ID version is unknown (set"
                    + " server.catalogue-version or start the file with '# semantic-ids version=N')");
        }
        if (!trained.equals(catalogueVersion)) {
            throw new IllegalArgumentException("checkpoint " + checkpoint.folder() + " was trained on semantic-ID"
                    + " codebook version '" + trained + "' but the catalogue is version '" + catalogueVersion
                    + "': its codes would name other objects");
        }
    }

    private static void requireSpelled(LlamaCheckpoint checkpoint, List<int[]> ids) {
        for (int[] id : ids) {
            boolean fits = id.length <= checkpoint.levels();
            for (int level = 0; fits && level < id.length; level++) {
                fits = id[level] < checkpoint.levelTokens(level).length;
            }
            if (!fits) {
                throw new IllegalArgumentException("catalogue ID " + Arrays.toString(id) + " has a code the checkpoint's"
                        + " tokenizer does not spell (" + checkpoint.levels() + " levels)");
            }
        }
    }

    /** The version of a {@code # semantic-ids version=N ...} line before the first ID, or empty. */
    static String versionLine(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            String stripped = line.strip();
            Matcher matcher = VERSION_LINE.matcher(stripped);
            if (matcher.matches()) {
                return matcher.group(1);
            }
            if (!stripped.isEmpty() && !stripped.startsWith("#")) {
                break;
            }
        }
        return "";
    }
}
