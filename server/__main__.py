"""`python -m server run --model ...`: Rasa's own command line, with the speed-ups of server/speedups.py."""

import warnings

import sanic  # noqa: F401  (its import shows every DeprecationWarning once: filterwarnings("once"), app.py:120)
from pyparsing import PyparsingDeprecationWarning

# Deprecations raised inside the dependencies Rasa 3.6 pins, which no upgrade of ours can remove: filtered by the
# module that raises them, after Sanic's filter and before Rasa imports them, so any other warning still shows.
for module in (
    "typer",  # click 8.2's deprecations, in Rasa's command line
    "spacy.cli",  # the same, in spaCy's
    "tensorflow.lite",  # jax.xla_computation
    "sanic_cors",  # distutils' Version classes
    "sanic.server.websockets",  # coroutines passed to asyncio.wait(), on every websocket message of the widget
    "rasa.shared.utils.validation",  # importing pkg_resources
    "pkg_resources",  # declare_namespace of ruamel and mpl_toolkits
):
    warnings.filterwarnings("ignore", category=DeprecationWarning, module=module)
# pyparsing's old method names, called by matplotlib and packaging on import and when they parse: pyparsing's own
# category says where they come from. Rasa's start later puts filterwarnings("once", category=UserWarning) in front
# of every filter here, and these are UserWarnings too, so they also join Rasa's list of expected warnings, which it
# filters after that.
warnings.filterwarnings("ignore", category=PyparsingDeprecationWarning)

from rasa.utils import common as rasa_common  # noqa: E402

rasa_common.EXPECTED_WARNINGS.append((PyparsingDeprecationWarning, ""))

from rasa.__main__ import main  # noqa: E402  (after the filters, which must see its imports)

from server import speedups  # noqa: E402

if __name__ == "__main__":
    speedups.install()
    main()
