package io.nearline.recall.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.inference.EnsembleMessages;
import io.nearline.recall.inference.InferenceClientOptions;
import io.nearline.recall.inference.TensorDatatype;
import io.nearline.recall.inference.kserve.ModelInferRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

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
        for (Map.Entry<String, ProtoText.Message> model : REPOSITORY.configs.entrySet()) {
            assertEquals(model.getKey(), model.getValue().text("name"));
            assertTrue(model.getValue().has("backend") || model.getValue().has("platform"), model.getKey());
            assertTrue(Files.isDirectory(ModelRepository.ROOT.resolve(model.getKey()).resolve("1")), model.getKey());
            String text = Files.readString(ModelRepository.ROOT.resolve(model.getKey()).resolve("config.pbtxt"));
            assertFalse(text.contains("${"), model.getKey() + " still holds a ${template} placeholder");
            if (model.getValue().text("backend", "").equals("python")) {
                assertTrue(Files.exists(ModelRepository.ROOT.resolve(model.getKey()).resolve("1/model.py")), model.getKey());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ensemble", "generative_recall_pytorch"})
    void acceptsEveryTensorTheClientSendsWithItsTypeAndShape(String model) {
        ProtoText.Message config = REPOSITORY.model(model);
        assertTrue(Integer.parseInt(config.text("max_batch_size")) >= 1, "the client sends a leading batch dimension");
        Map<String, ProtoText.Message> inputs = ModelRepository.tensors(config, "input");
        ModelInferRequest request = clientRequest(model);
        Set<String> sent = new HashSet<>();
        for (ModelInferRequest.InferInputTensor tensor : request.getInputsList()) {
            ProtoText.Message declared = inputs.get(tensor.getName());
            assertNotNull(declared, model + " lacks input " + tensor.getName());
            assertEquals(ModelRepository.configType(tensor.getDatatype()), declared.text("data_type"), tensor.getName());
            List<Long> shape = tensor.getShapeList();
            assertEquals(shape.subList(1, shape.size()).stream().map(String::valueOf).toList(), declared.all("dims"),
                    tensor.getName() + ": client shape " + shape + " = [batch] + dims");
            sent.add(tensor.getName());
        }
        inputs.forEach((name, tensor) -> assertTrue(ModelRepository.optional(tensor) || sent.contains(name),
                model + " requires " + name + " which the client never sends"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ensemble", "generative_recall_pytorch"})
    void producesTheOutputsTheClientReadsWithTheTypesItDecodes(String model) {
        Map<String, ProtoText.Message> outputs = ModelRepository.tensors(REPOSITORY.model(model), "output");
        Map<String, TensorDatatype> expected = Map.of("text_output", TensorDatatype.BYTES,
                "cum_log_probs", TensorDatatype.FP32);
        for (ModelInferRequest.InferRequestedOutputTensor requested : clientRequest(model).getOutputsList()) {
            ProtoText.Message declared = outputs.get(requested.getName());
            assertNotNull(declared, model + " lacks output " + requested.getName());
            assertEquals(ModelRepository.configType(expected.get(requested.getName()).wireName()),
                    declared.text("data_type"));
            assertEquals(List.of("-1"), declared.all("dims"), "one value per returned beam");
        }
    }

    @Test
    void everyEnsembleStepReadsTensorsThatExistWithMatchingTypes() {
        ProtoText.Message ensemble = REPOSITORY.model("ensemble");
        Map<String, String> available = new java.util.HashMap<>();
        ModelRepository.tensors(ensemble, "input").forEach((name, tensor) -> available.put(name, tensor.text("data_type")));
        for (ProtoText.Message step : ensemble.message("ensemble_scheduling").messages("step")) {
            ProtoText.Message model = REPOSITORY.model(step.text("model_name"));
            Map<String, ProtoText.Message> inputs = ModelRepository.tensors(model, "input");
            Set<String> mapped = new HashSet<>();
            for (ProtoText.Message map : step.messages("input_map")) {
                ProtoText.Message input = inputs.get(map.text("key"));
                assertNotNull(input, step.text("model_name") + " has no input " + map.text("key"));
                assertEquals(available.get(map.text("value")), input.text("data_type"),
                        step.text("model_name") + "." + map.text("key") + " <- " + map.text("value"));
                mapped.add(map.text("key"));
            }
            inputs.forEach((name, input) -> assertTrue(ModelRepository.optional(input) || mapped.contains(name),
                    step.text("model_name") + " needs " + name + " but the ensemble does not map it"));
            Map<String, ProtoText.Message> outputs = ModelRepository.tensors(model, "output");
            for (ProtoText.Message map : step.messages("output_map")) {
                ProtoText.Message output = outputs.get(map.text("key"));
                assertNotNull(output, step.text("model_name") + " has no output " + map.text("key"));
                available.put(map.text("value"), output.text("data_type"));
            }
        }
        ModelRepository.tensors(ensemble, "output").forEach((name, output) ->
                assertEquals(output.text("data_type"), available.get(name), "ensemble output " + name));
    }

    @Test
    void tensorrtLlmServesWideBeamsWithInflightBatchingAndPrefixReuseAndAnswersOncePerRequest() {
        ProtoText.Message config = REPOSITORY.model("tensorrt_llm");
        Map<String, String> parameters = ModelRepository.parameters(config);
        assertEquals("inflight_fused_batching", parameters.get("gpt_model_type"));
        int maxBeamWidth = Integer.parseInt(parameters.get("max_beam_width"));
        assertTrue(maxBeamWidth >= 300 && maxBeamWidth >= InferenceClientOptions.DEFAULT_BEAM_WIDTH, "max_beam_width");
        assertEquals("true", parameters.get("enable_kv_cache_reuse"));
        assertEquals("true", parameters.get("exclude_input_in_output"), "text_output must hold only the generated ID");
        double fraction = Double.parseDouble(parameters.get("kv_cache_free_gpu_mem_fraction"));
        assertTrue(fraction > 0 && fraction < 1, "kv_cache_free_gpu_mem_fraction");
        assertEquals("false", config.message("model_transaction_policy").text("decoupled"));
        assertTrue(Long.parseLong(config.message("dynamic_batching").text("max_queue_delay_microseconds")) >= 0);
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
