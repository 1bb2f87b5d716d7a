"""The deprecation warnings of pinned dependencies, filtered at their source, for both servers' entry points.

Deprecations raised inside the dependencies Rasa 3.6 pins, which no upgrade of ours can remove: filtered by the
module that raises them, so any other warning still shows. Importing Sanic sets filterwarnings("once") for every
DeprecationWarning (sanic/app.py), which would go in front of these, so Sanic is imported first.
"""

import warnings

PINNED_DEPRECATIONS_FROM = (
    "typer",  # click 8.2's deprecations, in Rasa's command line
    "spacy.cli",  # the same, in spaCy's
    "tensorflow.lite",  # jax.xla_computation
    "sanic_cors",  # distutils' Version classes
    "sanic.server.websockets",  # coroutines passed to asyncio.wait(), on every websocket message of the widget
    "rasa.shared.utils.validation",  # importing pkg_resources
    "apscheduler",  # importing pkg_resources, when it is imported first (the speed-ups import Rasa's policies early)
    "pkg_resources",  # declare_namespace of ruamel and mpl_toolkits
)


def filter_pinned_deprecations() -> None:
    """Call before Rasa or rasa_sdk is imported: the filters must see their imports."""
    import sanic  # noqa: F401
    from pyparsing import PyparsingDeprecationWarning

    for module in PINNED_DEPRECATIONS_FROM:
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=module)
    # pyparsing's old method names, called by matplotlib and packaging on import and when they parse: pyparsing's
    # own category says where they come from.
    warnings.filterwarnings("ignore", category=PyparsingDeprecationWarning)
