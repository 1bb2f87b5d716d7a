"""`python -m server run --model ...`: Rasa's own command line, with the speed-ups of server/speedups.py."""

import warnings

import sanic  # noqa: F401  (its import shows every DeprecationWarning once: filterwarnings("once"), app.py:120)

# Deprecations raised inside the dependencies Rasa 3.6 pins, which no upgrade of ours can remove: filtered by the
# module that raises them, after Sanic's filter and before Rasa imports them, so any other warning still shows.
for module in (
    "typer",  # click 8.2's deprecations, in Rasa's command line
    "spacy.cli",  # the same, in spaCy's
    "tensorflow.lite",  # jax.xla_computation
    "sanic_cors",  # distutils' Version classes
    "rasa.shared.utils.validation",  # importing pkg_resources
    "pkg_resources",  # declare_namespace of ruamel and mpl_toolkits
    "packaging",  # pyparsing's old method names
    "matplotlib",  # the same
):
    warnings.filterwarnings("ignore", category=DeprecationWarning, module=module)

# Rasa's start puts filterwarnings("once", category=UserWarning) in front of them (rasa/utils/common.py), and
# pyparsing's deprecations are UserWarnings too: the two modules that raise them on import are imported now, under
# the filters above.
import matplotlib.fontconfig_pattern  # noqa: E402, F401
import packaging.requirements  # noqa: E402, F401
from rasa.__main__ import main  # noqa: E402  (after the filters, which must see its imports)

from server import speedups  # noqa: E402

if __name__ == "__main__":
    speedups.install()
    main()
