package io.nearline.recall.inference;

/**
 * Tensor names of the TensorRT-LLM backend's {@code ensemble} model, so one request shape serves a
 * real Triton and the local server.
 *
 * <p>Followed: triton-inference-server/tensorrtllm_backend,
 * all_models/inflight_batcher_llm/ensemble/config.pbtxt at commit
 * fca166ccffb59f966428068bafb9c1d6da8769fe (text_input STRING [-1], max_tokens [-1], beam_width [1],
 * return_log_probs BOOL [1], end_id/pad_id [1]; outputs text_output STRING [-1], cum_log_probs FP32
 * [-1], output_log_probs FP32 [-1,-1]; max_batch_size above zero, so every tensor carries a leading
 * batch dimension). That commit types the integer inputs UINT32; later releases type them INT32 and
 * add the optional num_return_sequences input, which is what {@link InferenceClientOptions} sends by
 * default. Both layouts are supported through options.
 */
public final class EnsembleTensors {

    public static final String TEXT_INPUT = "text_input";
    public static final String MAX_TOKENS = "max_tokens";
    public static final String BEAM_WIDTH = "beam_width";
    public static final String NUM_RETURN_SEQUENCES = "num_return_sequences";
    public static final String RETURN_LOG_PROBS = "return_log_probs";
    public static final String END_ID = "end_id";
    public static final String PAD_ID = "pad_id";

    public static final String TEXT_OUTPUT = "text_output";
    public static final String CUM_LOG_PROBS = "cum_log_probs";

    private EnsembleTensors() {}
}
