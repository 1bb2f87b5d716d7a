"""The knowledge base: its file format (schema), loading and validation (loader), looking answers up (lookup) and
turning them into replies (rendering). The format is documented for editors in docs/knowledge-base.md."""

from cso_advisor.core.knowledge.loader import KnowledgeBaseError, knowledge_dir
from cso_advisor.core.knowledge.lookup import KnowledgeBase, word_stems
from cso_advisor.core.knowledge.names import normalise
from cso_advisor.core.knowledge.rendering import Button, Reply, cited
from cso_advisor.core.knowledge.schema import (
    MAX_ANSWER_WORDS,
    Answer,
    Detail,
    Entry,
    Identifier,
    NonEmptyText,
    StrictModel,
    Topic,
)

__all__ = [
    "MAX_ANSWER_WORDS",
    "Answer",
    "Button",
    "Detail",
    "Entry",
    "Identifier",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "NonEmptyText",
    "Reply",
    "StrictModel",
    "Topic",
    "cited",
    "knowledge_dir",
    "normalise",
    "word_stems",
]
