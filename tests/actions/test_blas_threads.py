"""The action server's numpy uses one OpenBLAS thread: more only spin between its small matrix products."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.support.paths import PROJECT_DIR

BLAS_THREADS = "import json, actions, numpy, threadpoolctl; print(json.dumps(threadpoolctl.threadpool_info()))"


def _blas_threads(environment: dict[str, str]) -> list[int]:
    run = subprocess.run(
        [sys.executable, "-c", BLAS_THREADS],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return [pool["num_threads"] for pool in json.loads(run.stdout) if pool["internal_api"] == "openblas"]


def test_the_actions_package_sets_one_openblas_thread() -> None:
    environment = {key: value for key, value in os.environ.items() if key != "OPENBLAS_NUM_THREADS"}

    assert _blas_threads(environment) == [1]


def test_an_operator_may_still_choose_more() -> None:
    assert _blas_threads({**os.environ, "OPENBLAS_NUM_THREADS": "2"}) == [2]
