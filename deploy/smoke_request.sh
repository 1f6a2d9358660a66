#!/usr/bin/env bash
# Sends one recall request to a running Triton through its HTTP generate endpoint and prints the beams.
#   deploy/smoke_request.sh [host:port] [model] [beam width]
# Defaults: localhost:8000, ensemble, 10. Use model generative_recall_pytorch for the PyTorch model.
# The local CPU server speaks gRPC only: check it with the job or triton-client instead.
set -euo pipefail

target="${1:-localhost:8000}"
model="${2:-ensemble}"
beams="${3:-10}"

curl -fsS "http://${target}/v2/health/ready" > /dev/null || { echo "Triton at ${target} is not ready" >&2; exit 1; }
curl -fsS -X POST "http://${target}/v2/models/${model}/generate" -H 'Content-Type: application/json' -d @- <<JSON
{"text_input": "user 42, gold tier, clicked <a_1><b_2><c_3><d_4> then bought <a_12><b_201><c_7><d_3>",
 "max_tokens": 4, "beam_width": ${beams}, "num_return_sequences": ${beams}, "return_log_probs": true}
JSON
echo
