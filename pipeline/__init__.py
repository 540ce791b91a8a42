"""medlink: biomedical report text to normalised, schema-validated JSON records."""

import os

# The NER model multiplies tiny matrices per document: BLAS thread pools only spin
# (measured: 20 s of system CPU per 500 abstracts, no gain in wall time). One
# thread per process; parallelism comes from `medlink run --workers`. Set the
# variables yourself to override.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

__version__ = "0.1.0"
