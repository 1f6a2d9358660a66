#!/usr/bin/env bash
# Builds the TensorRT-LLM engine of the fine-tuned recall LLM and lays it out where the model repository expects it:
#   $OUT_DIR/engine     the engine (tensorrt_llm gpt_model_path)
#   $OUT_DIR/tokenizer  the extended tokenizer (preprocessing / tensorrt_llm / postprocessing tokenizer_dir)
# Run it on a GPU machine inside the Triton TensorRT-LLM image (see README.md); every setting is an environment
# variable with a default, listed by --help.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: MODEL_DIR=/models/recall-qwen2-1.5b TRTLLM_EXAMPLES=/opt/TensorRT-LLM/examples triton-models/engine/build_engine.sh

  MODEL_DIR          fine-tuned Hugging Face checkpoint, semantic-ID tokens already in its vocabulary (required)
  TRTLLM_EXAMPLES    examples/ of a TensorRT-LLM checkout at the version of the image's tensorrt_llm (required)
  MODEL_FAMILY       folder of convert_checkpoint.py under examples/models/core     (default: qwen)
  OUT_DIR            where engine/ and tokenizer/ go                                 (default: /engines/recall)
  WORK_DIR           scratch for the converted checkpoint                            (default: /tmp/recall-build)
  DTYPE              weights and activations                                         (default: bfloat16)
  TP_SIZE            tensor parallel GPUs                                            (default: 1)
  MAX_BEAM_WIDTH     widest beam the engine serves; >= the job's triton.beam-width   (default: 300)
  MAX_BATCH_SIZE     requests in flight at once (each holds MAX_BEAM_WIDTH beams)    (default: 8)
  MAX_INPUT_LEN      longest prompt in tokens                                        (default: 1024)
  MAX_OUTPUT_LEN     tokens generated: one per semantic-ID level, + 1 for the end    (default: 6)
  SEMANTIC_LEVELS    levels of semantic IDs (4 + 1 collision level)                  (default: 5)
  SEMANTIC_CODES     codes per level                                                 (default: 256)
EOF
}

if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  usage
  exit 0
fi

: "${MODEL_DIR:?MODEL_DIR is required (see --help)}"
: "${TRTLLM_EXAMPLES:?TRTLLM_EXAMPLES is required (see --help)}"
MODEL_FAMILY="${MODEL_FAMILY:-qwen}"
OUT_DIR="${OUT_DIR:-/engines/recall}"
WORK_DIR="${WORK_DIR:-/tmp/recall-build}"
DTYPE="${DTYPE:-bfloat16}"
TP_SIZE="${TP_SIZE:-1}"
MAX_BEAM_WIDTH="${MAX_BEAM_WIDTH:-300}"
MAX_BATCH_SIZE="${MAX_BATCH_SIZE:-8}"
MAX_INPUT_LEN="${MAX_INPUT_LEN:-1024}"
MAX_OUTPUT_LEN="${MAX_OUTPUT_LEN:-6}"
SEMANTIC_LEVELS="${SEMANTIC_LEVELS:-5}"
SEMANTIC_CODES="${SEMANTIC_CODES:-256}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
convert="${TRTLLM_EXAMPLES}/models/core/${MODEL_FAMILY}/convert_checkpoint.py"
[[ -f "$convert" ]] || { echo "no $convert: check TRTLLM_EXAMPLES and MODEL_FAMILY" >&2; exit 2; }
command -v trtllm-build >/dev/null || { echo "trtllm-build not found: run inside the TensorRT-LLM image" >&2; exit 2; }

echo "1/4 checking the ${SEMANTIC_LEVELS} x ${SEMANTIC_CODES} semantic-ID tokens in ${MODEL_DIR}"
python3 "${here}/semantic_tokens.py" check --model-dir "$MODEL_DIR" \
  --levels "$SEMANTIC_LEVELS" --codes "$SEMANTIC_CODES"

echo "2/4 converting the checkpoint (${DTYPE}, tp=${TP_SIZE})"
rm -rf "${WORK_DIR}/checkpoint"
python3 "$convert" --model_dir "$MODEL_DIR" --output_dir "${WORK_DIR}/checkpoint" \
  --dtype "$DTYPE" --tp_size "$TP_SIZE"

echo "3/4 building the engine (max beam width ${MAX_BEAM_WIDTH})"
# Paged KV cache + paged context FMHA are what enable_kv_cache_reuse needs to reuse a user's prompt prefix;
# max_beam_width is fixed at build time, so a wider beam later means a rebuild.
trtllm-build --checkpoint_dir "${WORK_DIR}/checkpoint" --output_dir "${OUT_DIR}/engine" \
  --max_beam_width "$MAX_BEAM_WIDTH" \
  --max_batch_size "$MAX_BATCH_SIZE" \
  --max_input_len "$MAX_INPUT_LEN" \
  --max_seq_len "$((MAX_INPUT_LEN + MAX_OUTPUT_LEN))" \
  --max_num_tokens "$((MAX_BATCH_SIZE * MAX_INPUT_LEN))" \
  --kv_cache_type paged \
  --use_paged_context_fmha enable \
  --remove_input_padding enable \
  --context_fmha enable \
  --gpt_attention_plugin auto \
  --gemm_plugin auto

echo "4/4 saving the tokenizer the Triton models load"
rm -rf "${OUT_DIR}/tokenizer"
python3 "${here}/semantic_tokens.py" check --model-dir "$MODEL_DIR" \
  --levels "$SEMANTIC_LEVELS" --codes "$SEMANTIC_CODES" --save-tokenizer "${OUT_DIR}/tokenizer"

echo "done: engine in ${OUT_DIR}/engine, tokenizer in ${OUT_DIR}/tokenizer (max_beam_width ${MAX_BEAM_WIDTH})"
