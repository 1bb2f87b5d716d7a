"""The profile's table: each sample taken while a message was handled counts once, for the first part it holds."""

from __future__ import annotations

from scripts.profile_server import OTHER, shares

HANDLE = "serve (sanic/server/runners.py:155);handle_message (rasa/core/processor.py:169)"
UNDERSTAND = "_worker (concurrent/futures/thread.py:83);_parse_message_with_graph (rasa/core/processor.py:774)"
RAW = "\n".join(
    [
        f"{HANDLE};get_tracker (rasa/core/processor.py:1);retrieve (rasa/core/tracker_store.py:1254) 6",
        # Featurising inside the RulePolicy counts as featurising: it comes first.
        f"{HANDLE};predict_action_probabilities (rasa/core/policies/rule_policy.py:9);"
        "past_states (rasa/shared/core/trackers.py:3) 3",
        f"{HANDLE};predict_action_probabilities (rasa/core/policies/rule_policy.py:9) 1",
        f"{HANDLE};_run_action (rasa/core/processor.py:2) 2",
        # Understood on the understanding thread, outside the handling of the message on the event loop.
        f"{UNDERSTAND};process (rasa/nlu/classifiers/diet_classifier.py:1049) 4",
        "_worker (concurrent/futures/thread.py:83);wait (threading.py:320) 30",  # the thread idle
        "serve (sanic/server/runners.py:155);select (selectors.py:469) 50",  # idle: no message handled
    ]
)


def test_each_handling_sample_counts_once_for_its_first_part() -> None:
    handling, parts = shares(RAW)

    assert handling == 16
    assert parts == {
        "tracker store: reading the conversation": 6,
        "featurising the tracker's states": 3,
        "RulePolicy": 1,
        "NLU: DIET": 4,
        OTHER: 2,
    }
