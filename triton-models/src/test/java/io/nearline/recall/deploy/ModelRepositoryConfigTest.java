package io.nearline.recall.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.deploy.triton.DataType;
import io.nearline.recall.deploy.triton.ModelConfig;
import io.nearline.recall.deploy.triton.ModelEnsembling;
import io.nearline.recall.deploy.triton.ModelInput;
import io.nearline.recall.deploy.triton.ModelOutput;
import io.nearline.recall.inference.EnsembleMessages;
import io.nearline.recall.inference.InferenceClientOptions;
import io.nearline.recall.inference.TensorDatatype;
import io.nearline.recall.inference.kserve.ModelInferRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The model repository's configs against what the Java client really sends and reads. */
class ModelRepositoryConfigTest {

    private static final ModelRepository REPOSITORY = ModelRepository.load();

    /** The request the job sends, built by the client's own encoder, with every optional tensor switched on. */
    private static ModelInferRequest clientRequest(String model) {
        InferenceClientOptions options = InferenceClientOptions.builder().modelName(model).endId(2).padId(0).build();
        return EnsembleMessages.encode(options.newRequest("r-1", "u-1", "clicked <a_1><b_2><c_3><d_4>"), options);
    }

    @Test
    void everyModelFolderHasAConfigNamedAfterItWithAVersionFolderAndNoTemplateLeft() throws IOException {
        assertEquals(Set.of("ensemble", "preprocessing", "tensorrt_llm", "postprocessing", "generative_recall_pytorch"),
                REPOSITORY.configs.keySet());
        for (Map.Entry<String, ModelConfig> model : REPOSITORY.configs.entrySet()) {
            assertEquals(model.getKey(), model.getValue().getName());
            assertTrue(!model.getValue().getBackend().isEmpty() || !model.getValue().getPlatform().isEmpty(),
                    model.getKey());
            assertTrue(Files.isDirectory(ModelRepository.ROOT.resolve(model.getKey()).resolve("1")), model.getKey());
            String text = Files.readString(ModelRepository.ROOT.resolve(model.getKey()).resolve("config.pbtxt"));
            assertFalse(text.contains("${"), model.getKey() + " still holds a ${template} placeholder");
            if (model.getValue().getBackend().equals("python")) {
                assertTrue(Files.exists(ModelRepository.ROOT.resolve(model.getKey()).resolve("1/model.py")), model.getKey());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ensemble", "generative_recall_pytorch"})
    void acceptsEveryTensorTheClientSendsWithItsTypeAndShape(String model) {
        ModelConfig config = REPOSITORY.model(model);
        assertTrue(config.getMaxBatchSize() >= 1, "the client sends a leading batch dimension");
        Map<String, ModelInput> inputs = ModelRepository.inputs(config);
        ModelInferRequest request = clientRequest(model);
        Set<String> sent = new HashSet<>();
        for (ModelInferRequest.InferInputTensor tensor : request.getInputsList()) {
            ModelInput declared = inputs.get(tensor.getName());
            assertNotNull(declared, model + " lacks input " + tensor.getName());
            assertEquals(ModelRepository.configType(tensor.getDatatype()), declared.getDataType(), tensor.getName());
            List<Long> shape = tensor.getShapeList();
            assertEquals(shape.subList(1, shape.size()), declared.getDimsList(),
                    tensor.getName() + ": client shape " + shape + " = [batch] + dims");
            sent.add(tensor.getName());
        }
        inputs.forEach((name, tensor) -> assertTrue(tensor.getOptional() || sent.contains(name),
                model + " requires " + name + " which the client never sends"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ensemble", "generative_recall_pytorch"})
    void producesTheOutputsTheClientReadsWithTheTypesItDecodes(String model) {
        Map<String, ModelOutput> outputs = ModelRepository.outputs(REPOSITORY.model(model));
        Map<String, TensorDatatype> expected = Map.of("text_output", TensorDatatype.BYTES,
                "cum_log_probs", TensorDatatype.FP32);
        for (ModelInferRequest.InferRequestedOutputTensor requested : clientRequest(model).getOutputsList()) {
            ModelOutput declared = outputs.get(requested.getName());
            assertNotNull(declared, model + " lacks output " + requested.getName());
            assertEquals(ModelRepository.configType(expected.get(requested.getName()).wireName()),
                    declared.getDataType());
            assertEquals(List.of(-1L), declared.getDimsList(), "one value per returned beam");
        }
    }

    @Test
    void everyEnsembleStepReadsTensorsThatExistWithMatchingTypes() {
        ModelConfig ensemble = REPOSITORY.model("ensemble");
        Map<String, DataType> available = new HashMap<>();
        ensemble.getInputList().forEach(tensor -> available.put(tensor.getName(), tensor.getDataType()));
        assertTrue(ensemble.hasEnsembleScheduling());
        // steps in order: each reads what the ensemble's inputs and the steps before it produced
        for (ModelEnsembling.Step step : ensemble.getEnsembleScheduling().getStepList()) {
            String name = step.getModelName();
            Map<String, ModelInput> inputs = ModelRepository.inputs(REPOSITORY.model(name));
            step.getInputMapMap().forEach((key, value) -> {
                ModelInput input = inputs.get(key);
                assertNotNull(input, name + " has no input " + key);
                assertEquals(available.get(value), input.getDataType(), name + "." + key + " <- " + value);
            });
            inputs.forEach((key, input) -> assertTrue(input.getOptional() || step.containsInputMap(key),
                    name + " needs " + key + " but the ensemble does not map it"));
            Map<String, ModelOutput> outputs = ModelRepository.outputs(REPOSITORY.model(name));
            step.getOutputMapMap().forEach((key, value) -> {
                ModelOutput output = outputs.get(key);
                assertNotNull(output, name + " has no output " + key);
                available.put(value, output.getDataType());
            });
        }
        ensemble.getOutputList().forEach(output ->
                assertEquals(output.getDataType(), available.get(output.getName()), "ensemble output " + output.getName()));
    }

    @Test
    void tensorrtLlmServesWideBeamsWithInflightBatchingAndPrefixReuseAndAnswersOncePerRequest() {
        ModelConfig config = REPOSITORY.model("tensorrt_llm");
        Map<String, String> parameters = ModelRepository.parameters(config);
        assertEquals("inflight_fused_batching", parameters.get("gpt_model_type"));
        int maxBeamWidth = Integer.parseInt(parameters.get("max_beam_width"));
        assertTrue(maxBeamWidth >= 300 && maxBeamWidth >= InferenceClientOptions.DEFAULT_BEAM_WIDTH, "max_beam_width");
        assertEquals("true", parameters.get("enable_kv_cache_reuse"));
        assertEquals("true", parameters.get("exclude_input_in_output"), "text_output must hold only the generated ID");
        double fraction = Double.parseDouble(parameters.get("kv_cache_free_gpu_mem_fraction"));
        assertTrue(fraction > 0 && fraction < 1, "kv_cache_free_gpu_mem_fraction");
        assertTrue(config.hasModelTransactionPolicy(), "the transaction policy is stated, not left to the default");
        assertFalse(config.getModelTransactionPolicy().getDecoupled(), "one response per request");
        assertTrue(config.hasDynamicBatching());
        assertTrue(config.getDynamicBatching().getMaxQueueDelayMicroseconds() >= 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"generative_recall_pytorch", "tensorrt_llm"})
    void theModelsTheJobsCallsQueueAtTakeItsTwoPriorityLevels_andCallsWithoutOneAtTheLower(String model) {
        ModelConfig config = REPOSITORY.model(model);
        assertEquals(2, config.getDynamicBatching().getPriorityLevels());
        assertEquals(2, config.getDynamicBatching().getDefaultPriorityLevel());
    }

    @ParameterizedTest
    @ValueSource(strings = {"generative_recall_pytorch", "tensorrt_llm", "preprocessing", "postprocessing"})
    void everyParameterIsOneTheModelCodeReads(String model) throws IOException {
        String code = Files.readString(ModelRepository.ROOT.resolve(Path.of(model, "1", "model.py")));
        Set<String> unread = new HashSet<>(ModelRepository.parameters(REPOSITORY.model(model)).keySet());
        unread.removeIf(key -> code.contains("\"" + key + "\""));
        unread.remove("exclude_input_in_output");  // tensorrt_llm always excludes the input; the test above checks it
        assertEquals(Set.of(), unread, model + "/1/model.py never reads these parameters");
    }
}
