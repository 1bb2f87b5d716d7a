"""Entities from the knowledge base's pipeline: canonical ids, many names, intent-settled types."""

from __future__ import annotations

import pytest
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.shared.nlu.training_data.message import Message
from spacy.language import Language

from cso_advisor.core.knowledge import KnowledgeBase
from cso_advisor.rasa_plugins.nlu.build import build_pipeline
from cso_advisor.rasa_plugins.nlu.entities import KnowledgeEntityExtractor, knowledge_entities
from tests.support.paths import PROJECT_DIR


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_pipeline(KnowledgeBase.load(PROJECT_DIR / "knowledge"))


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("is CISSP worth it", "ask_certifications", [("certification", "cissp")]),
        ("is cissp worth it", "ask_certifications", [("certification", "cissp")]),
        ("Certified Information Systems Security Professional?", "ask_certifications", [("certification", "cissp")]),
        ("what about the certified ethical hacker exam", "ask_certifications", [("certification", "ceh")]),
        ("CISM or CISA first", "ask_certifications", [("certification", "cism"), ("certification", "cisa")]),
        ("what does a VP do", "ask_career_path", [("career_stage", "vp_of_security")]),
        ("vice president of security duties", "ask_career_path", [("career_stage", "vp_of_security")]),
        ("how do i become a security director", "ask_career_path", [("career_stage", "director_of_security")]),
        ("i am an analyst now", "ask_career_path", [("career_stage", "security_analyst")]),
        ("entry level cso pay", "ask_salary", [("salary_level", "entry_level")]),
        ("mid-career salary", "ask_salary", [("salary_level", "mid_level")]),
        ("what do senior ones earn", "ask_salary", [("salary_level", "senior")]),
        ("and the lead band", "ask_salary", [("salary_level", "lead")]),
        ("principal cso salary", "ask_salary", [("salary_level", "principal")]),
        ("how much does a VP make", "ask_salary", [("salary_level", "principal")]),
        ("what is step 4", "ask_steps", [("step", "step_4")]),
        ("the fourth step", "ask_steps", [("step", "step_4")]),
        ("explain step four", "ask_steps", [("step", "step_4")]),
        ("and the 10th step?", "ask_steps", [("step", "step_10")]),
        ("why financial acumen", "ask_skills", [("skill", "skill_financial_acumen")]),
        ("is ISSA any good", "ask_organizations", [("organization", "issa")]),
        ("cso and vendor management?", "ask_responsibilities", [("responsibility_area", "area_vendor_management")]),
        # One name, two kinds of thing: the intent decides.
        ("how good must i be at risk management", "ask_skills", [("skill", "skill_risk_management")]),
        ("cso duties in risk management", "ask_responsibilities", [("responsibility_area", "area_risk_management")]),
        # No knowledge base names: nothing, not every number or job title.
        ("im a network admin with 6 years and a project manager role", "ask_certifications", []),
    ],
)  # fmt: skip
def test_entities_carry_knowledge_base_ids(
    nlp: Language, text: str, intent: str, expected: list[tuple[str, str]]
) -> None:
    entities = knowledge_entities(nlp, nlp(text), intent)

    assert [(entity["entity"], entity["value"]) for entity in entities] == expected
    for entity in entities:
        assert entity["start"] < entity["end"] <= len(text)


def test_rasa_component_adds_entities_to_the_message(nlp: Language) -> None:
    extractor = KnowledgeEntityExtractor(KnowledgeEntityExtractor.get_default_config())
    message = Message(data={"text": "tell me about CISM", "intent": {"name": "ask_certifications", "confidence": 0.9}})

    extractor.process([message], SpacyModel(model=nlp, model_name="test"))

    assert message.get("entities") == [
        {
            "entity": "certification",
            "value": "cism",
            "start": 14,
            "end": 18,
            "confidence": None,
            "extractor": "KnowledgeEntityExtractor",
        }
    ]
