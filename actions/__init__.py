"""Custom actions of the CSO Career Advisor (run by `python -m actions`)."""

import os

# One OpenBLAS thread, set before numpy loads: the answer ranking's matrix products are small, and OpenBLAS's
# threads waiting between them cost more CPU than the products (19 -> 6 ms per message; docs/deploy.md).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
