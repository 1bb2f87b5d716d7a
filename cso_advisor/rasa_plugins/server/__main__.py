"""`python -m cso_advisor.rasa_plugins.server run --model ...`: Rasa's own command line, with the
speed-ups of speedups.py."""

from pyparsing import PyparsingDeprecationWarning

from cso_advisor.rasa_plugins.server.quiet import filter_pinned_deprecations

filter_pinned_deprecations()

# Rasa's start later puts filterwarnings("once", category=UserWarning) in front of every filter, and pyparsing's
# deprecations are UserWarnings, so they also join Rasa's list of expected warnings, which it filters after that.
from rasa.utils import common as rasa_common  # noqa: E402

rasa_common.EXPECTED_WARNINGS.append((PyparsingDeprecationWarning, ""))

from rasa.__main__ import main  # noqa: E402  (after the filters, which must see its imports)

from cso_advisor.rasa_plugins.server import speedups  # noqa: E402

if __name__ == "__main__":
    speedups.install()
    main()
