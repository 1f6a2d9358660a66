"""Pure-Python parts of the Triton models: semantic-ID tokens, the catalogue trie and constrained beam search.

Nothing here imports Triton or TensorRT-LLM, so the unit tests under ../tests run with plain python3 (+ torch).
"""
