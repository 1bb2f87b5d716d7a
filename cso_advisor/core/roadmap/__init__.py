"""The personal roadmap: read someone's background from what they write (reading), and advise from the knowledge
base (advice). The vocabulary and the advice rules are settings in knowledge/roadmap/roadmap.yml (settings), so
content editors change them without code."""

from __future__ import annotations

from pathlib import Path

from cso_advisor.core.knowledge import KnowledgeBase
from cso_advisor.core.roadmap.advice import Adviser
from cso_advisor.core.roadmap.profile import Background, InvalidAnswer, Profile
from cso_advisor.core.roadmap.reading import ProfileReader
from cso_advisor.core.roadmap.settings import ROADMAP_FILE, RoadmapSettings, load_settings

__all__ = ["ROADMAP_FILE", "Background", "InvalidAnswer", "Profile", "Roadmap", "RoadmapSettings"]


class Roadmap(ProfileReader, Adviser):
    """Reads a background and builds the roadmap, from the knowledge base and its roadmap settings."""

    @classmethod
    def load(cls, knowledge: KnowledgeBase, directory: str | Path) -> Roadmap:
        """Load `roadmap/roadmap.yml` from the knowledge directory; raise KnowledgeBaseError naming every problem."""
        return cls(load_settings(knowledge, directory), knowledge)
