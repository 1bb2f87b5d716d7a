"""The knowledge loader and lookup, on small hand-made knowledge bases."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cso_advisor.core.knowledge import KnowledgeBase, KnowledgeBaseError, normalise

Files = dict[str, Any]
WriteKnowledge = Callable[[Files], Path]


def _certs(files: Files) -> dict[str, Any]:
    topic: dict[str, Any] = files["certs.yml"]["topics"][0]
    return topic


def _drop_summary_of_alpha(files: Files) -> None:
    del _certs(files)["entries"][0]["summary"]


def _title_as_number(files: Files) -> None:
    _certs(files)["entries"][1]["title"] = 42


def _duplicate_id_in_other_file(files: Files) -> None:
    files["faq.yml"]["topics"][0]["id"] = "alpha"


def _yaml_error(files: Files) -> None:
    files["faq.yml"] = "topics:\n  - id: overview_topic\n    intent: [unclosed\n"


def _unknown_related(files: Files) -> None:
    _certs(files)["entries"][0]["related"] = ["gamma"]


def _misspelt_field(files: Files) -> None:
    _certs(files)["entries"][1]["sumary"] = "typo"


def _too_long(files: Files) -> None:
    _certs(files)["entries"][0]["summary"] = "word " * 150


def _entries_without_entity(files: Files) -> None:
    del _certs(files)["entity"]


def _shared_alias(files: Files) -> None:
    _certs(files)["entries"][1]["aliases"] = ["Alpha Cert"]


def _bad_id(files: Files) -> None:
    _certs(files)["entries"][0]["id"] = "Alpha Cert"


def _missing_id(files: Files) -> None:
    del _certs(files)["entries"][0]["id"]


def _too_many_related(files: Files) -> None:
    _certs(files)["overview"]["related"] = ["alpha", "beta", "certs", "overview_topic"]


def _duplicate_intent(files: Files) -> None:
    files["faq.yml"]["topics"][0]["intent"] = "ask_certifications"


def _key_twice(files: Files) -> None:
    files["faq.yml"] = "topics:\n  - id: overview_topic\n    intent: ask_duration\n    intent: ask_stress\n"


def _html_in_summary(files: Files) -> None:
    _certs(files)["entries"][0]["summary"] = "See <img src=x onerror=alert(1)> here."


def _script_link_in_point(files: Files) -> None:
    _certs(files)["entries"][1]["points"] = ["Fine point", "[Apply](javascript:alert(1))"]


def _not_a_mapping(files: Files) -> None:
    files["faq.yml"] = "- just\n- a list\n"


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (_drop_summary_of_alpha, ["certs.yml", "topic 'certs', entry 'alpha', field 'summary'", "field required"]),
        (_title_as_number, ["certs.yml", "entry 'beta', field 'title'", "str type expected"]),
        (_duplicate_id_in_other_file, ["faq.yml", "duplicate topic id 'alpha'", "certs.yml"]),
        (_yaml_error, ["faq.yml", "YAML error at line 4"]),
        (_unknown_related, ["certs.yml", "entry 'alpha'", "'gamma' is not a topic or entry id"]),
        (_misspelt_field, ["certs.yml", "entry 'beta', field 'sumary'", "extra fields not permitted"]),
        (_too_long, ["certs.yml", "entry 'alpha'", "words; it must stay under 150"]),
        (_entries_without_entity, ["certs.yml", "topic 'certs', field 'entries'", "needs an 'entity'"]),
        (_shared_alias, ["entry 'beta'", "name 'alpha cert' also names entry 'alpha'"]),
        (_key_twice, ["faq.yml", "YAML error at line 4", "key 'intent' is given twice"]),
        (_bad_id, ["entry 'Alpha Cert', field 'id'", "string does not match regex"]),
        (_missing_id, ["topic 'certs', entry #1, field 'id'", "field required"]),
        (_too_many_related, ["topic 'certs', overview, field 'related'", "at most 3 items"]),
        (_duplicate_intent, ["faq.yml", "duplicate intent 'ask_certifications'"]),
        (_not_a_mapping, ["faq.yml", "top level"]),
        (_html_in_summary, ["entry 'alpha', field 'summary'", "holds an HTML tag"]),
        (_script_link_in_point, ["entry 'beta', field 'points'", "links to 'javascript:"]),
    ],
)
def test_invalid_knowledge_base_names_file_entry_and_problem(
    small_knowledge: Files, write_knowledge: WriteKnowledge, break_it: Callable[[Files], None], expected: list[str]
) -> None:
    files = copy.deepcopy(small_knowledge)
    break_it(files)
    directory = write_knowledge(files)

    with pytest.raises(KnowledgeBaseError) as raised:
        KnowledgeBase.load(directory)

    message = str(raised.value)
    for fragment in expected:
        assert fragment in message


def test_every_problem_is_reported_at_once(small_knowledge: Files, write_knowledge: WriteKnowledge) -> None:
    _drop_summary_of_alpha(small_knowledge)
    _yaml_error(small_knowledge)

    with pytest.raises(KnowledgeBaseError) as raised:
        KnowledgeBase.load(write_knowledge(small_knowledge))

    assert len(raised.value.problems) == 3
    assert raised.value.problems[-1] == "(checks across files run once these are fixed)"


def test_word_count_ignores_markup(small_knowledge: Files, write_knowledge: WriteKnowledge) -> None:
    knowledge = KnowledgeBase.load(write_knowledge(small_knowledge))
    overview = knowledge.topic_for_intent("ask_duration")
    assert overview is not None
    # "**How long**", "A short summary of How long.", "- First point", "- Second point"
    assert overview.overview.word_count == 2 + 6 + 2 + 2


def test_empty_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match="no knowledge files"):
        KnowledgeBase.load(tmp_path)


@pytest.fixture
def small_kb(small_knowledge: Files, write_knowledge: WriteKnowledge) -> KnowledgeBase:
    return KnowledgeBase.load(write_knowledge(small_knowledge))


@pytest.mark.parametrize(
    ("intent", "mentions", "expected_title"),
    [
        ("ask_certifications", [], "Certifications"),
        ("ask_certifications", ["alpha"], "Alpha"),
        ("ask_certifications", ["ALPHA CERT"], "Alpha"),
        ("ask_certifications", ["the beta-cert"], "Beta"),
        ("ask_certifications", ["unknown thing", "aac"], "Alpha"),  # the first mention that names something
        ("ask_certifications", ["zzz"], "Certifications"),  # nothing named: the overview
        ("ask_duration", ["alpha"], "How long"),  # an overview-only topic answers itself
    ],
)
def test_find_answer(small_kb: KnowledgeBase, intent: str, mentions: list[str], expected_title: str) -> None:
    found = small_kb.find_answer(intent, mentions)
    assert found is not None
    assert found.title == expected_title


def test_unknown_intent_has_no_answer(small_kb: KnowledgeBase) -> None:
    assert small_kb.find_answer("greet", ["alpha"]) is None
    assert small_kb.find_answer(None, []) is None


def test_reply_renders_markdown_and_follow_up_buttons(small_kb: KnowledgeBase) -> None:
    answer = small_kb.find_answer("ask_duration", [])
    assert answer is not None
    reply = small_kb.reply_to(answer)

    assert reply.text.splitlines() == [
        "**How long**",
        "A short summary of How long.",
        "- First point",
        "- Second point",
        "",  # the source line is a paragraph of its own, not part of the last point
        "_Source: the career guide, “Some Guide Section”_",
    ]
    assert reply.answer_id == "overview_topic"
    assert [button.as_dict() for button in reply.buttons] == [
        {"title": "What about Certifications?", "payload": "/ask_certifications"}
    ]


def test_entry_button_payload_names_the_entry_by_its_id(small_kb: KnowledgeBase) -> None:
    button = small_kb.button_to("beta")
    intent, entities = button.payload[1:].split("{", 1)
    assert intent == "ask_certifications"
    assert json.loads("{" + entities) == {"certification": "beta"}
    assert small_kb.find_answer(intent, ["beta"]) == small_kb.find_answer("ask_certifications", ["beta cert"])


@pytest.mark.parametrize(
    ("reference", "payload"),
    [
        # The dialogue knows ask_certifications: its buttons name the intent, and the entry by its id.
        ("certs", "/ask_certifications"),
        ("beta", '/ask_certifications{"certification": "beta"}'),
        # It does not know ask_duration: the button asks the topic's question in words, for the ranking.
        ("overview_topic", "What about How long?"),
    ],
)
def test_a_button_names_only_intents_the_dialogue_knows(
    small_knowledge: Files, write_knowledge: WriteKnowledge, reference: str, payload: str
) -> None:
    knowledge = KnowledgeBase.load(write_knowledge(small_knowledge), dialogue_intents=["ask_certifications", "greet"])

    button = knowledge.button_to(reference)

    assert button.payload == payload
    assert button.title == knowledge.answer(reference).question


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [("Entry-Level", "entry level"), ("  The  CISSP? ", "cissp"), ("Security+", "security+"), ("Café", "cafe")],
)
def test_normalise(raw: str, normalised: str) -> None:
    assert normalise(raw) == normalised


@pytest.mark.parametrize(
    ("answer_id", "paid_by"),
    [
        ("salary", "salary"),  # an answer with pay figures pays itself
        ("vp_of_security", "principal"),  # a rung points to the band that pays it
        ("it_security_manager", None),  # the guide gives no pay for this rung
    ],
)
def test_the_answer_with_the_pay_for_an_answer(knowledge: KnowledgeBase, answer_id: str, paid_by: str | None) -> None:
    assert knowledge.pay_for(answer_id) == paid_by


def test_an_answer_in_brief_is_its_title_and_summary_and_a_point_if_given(knowledge: KnowledgeBase) -> None:
    answer = knowledge.answer("work_environment")
    summary = f"_Also close to your question:_ **{answer.title}**: {answer.summary}"

    assert knowledge.in_brief("work_environment") == summary
    assert knowledge.in_brief("work_environment", answer.points[0]) == f"{summary}\n- {answer.points[0]}"
