"""Entry point: python3 recall-model/llm/train.py --samples S.jsonl --objects O.tsv --out DIR (see recall_llm/train.py)."""

import os
import sys

# One BLAS/OpenMP thread unless told otherwise, set before torch loads: on the shared 2-core machine two spinning
# OpenMP threads made a training step 6x slower than one (0.33 s against 2.0 s per batch, measured).
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(variable, "1")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from recall_llm import data  # noqa: E402,F401  (puts the model repository on sys.path)
from recall_llm.train import main  # noqa: E402

if __name__ == "__main__":
    main()
