"""Walk an operator through the review queue in the terminal; write only what they confirm (fixes.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cso_advisor.core.knowledge import KnowledgeBase
from cso_advisor.insights import fixes
from cso_advisor.insights.conversations import UserMessage, normalised
from cso_advisor.insights.masking import mask
from cso_advisor.insights.review import Group

Ask = Callable[[str], str]
Say = Callable[[str], None]
SHOWN_EXAMPLES = 8


class EndOfReview(Exception):
    """The operator ended the review, or their input ended."""


@dataclass(frozen=True)
class Project:
    directory: Path  # where `rasa data validate` runs: domain.yml, config.yml and data/
    knowledge_dir: Path

    @property
    def data_dir(self) -> Path:
        return self.directory / "data"


class Triage:
    """For each group: show it, ask where it belongs, show exactly what would be written, and write it only on
    an explicit yes; then validate, and undo the change if validation fails."""

    def __init__(self, project: Project, knowledge: KnowledgeBase, entities: Sequence[str], ask: Ask, say: Say) -> None:
        self._project, self._knowledge, self._entities = project, knowledge, list(entities)
        self._ask, self._say = ask, say

    def run(self, queue: Sequence[Group], changed: list[Path] | None = None) -> list[Path]:
        """Review every group in turn; return the files changed, also collected in `changed` as they change, so a
        caller knows them if the review is interrupted."""
        changed = [] if changed is None else changed
        try:
            for number, group in enumerate(queue, start=1):
                self._show(number, len(queue), group)
                path = self._decide(group)
                if path is not None and path not in changed:
                    changed.append(path)
        except EndOfReview:
            self._say("Review ended.")
        return changed

    def _show(self, number: int, total: int, group: Group) -> None:
        self._say(f"\nGroup {number} of {total}: {group.count} message(s)")
        for text, count in group.examples[:SHOWN_EXAMPLES]:
            self._say(f"  - {mask(text)}" + (f"  (x{count})" if count > 1 else ""))
        if len(group.examples) > SHOWN_EXAMPLES:
            self._say(f"  ... and {len(group.examples) - SHOWN_EXAMPLES} more")
        intent = f"{group.intent[0]} (mean confidence {group.intent[1]:.2f})" if group.intent else "none"
        hit = group.answer
        answer = f"{hit.answer_id}, “{hit.answer.title}” ({hit.score:.2f})" if hit else "none"
        self._say(f"  likely intent: {intent}\n  likely answer: {answer}")

    def _decide(self, group: Group) -> Path | None:
        intent = group.intent[0] if group.intent else None
        answer_id = group.answer.answer_id if group.answer else None
        while True:
            reply = self._prompt(
                f"Add as [t]raining examples of {intent or '<intent>'}, as alternate [q]uestions of "
                f'{answer_id or "<answer id>"}, [s]kip, or [e]nd? ("t <intent>" or "q <answer id>" picks another) '
            ).split()
            choice, target = (reply[0].lower(), reply[1] if len(reply) > 1 else None) if reply else ("s", None)
            if choice == "e":
                raise EndOfReview
            if choice == "s":
                return None
            if choice == "t" and (target or intent):
                path = self._nlu_file(target or str(intent))
                if path is not None:
                    return self._add_examples(group, target or str(intent), path)
            elif choice == "q" and (target or answer_id):
                if self._knowledge.has(target or str(answer_id)):
                    return self._add_questions(group, target or str(answer_id))
                self._say(f"  The knowledge base has no answer {target or answer_id!r}.")
            else:
                self._say("  Please answer t, q, s or e (with an intent or answer id where none is suggested).")

    def _nlu_file(self, intent: str) -> Path | None:
        try:
            return fixes.nlu_file_of(self._project.data_dir, intent)
        except fixes.FixError as error:
            self._say(f"  {error}.")
            return None

    def _add_examples(self, group: Group, intent: str, path: Path) -> Path | None:
        def write(chosen: list[str]) -> None:
            fixes.add_training_examples(path, intent, chosen)
            fixes.validate_training_data(self._project.directory)

        return self._accept(
            group,
            path,
            what=f"training examples of {intent}",
            existing=fixes.training_examples(self._project.data_dir),
            known_as="already an example of",
            as_text=lambda message: fixes.annotated(message, self._entities),
            write=write,
            done="example(s) to {}; rasa data validate passed. `make train` retrains with them.",
        )

    def _add_questions(self, group: Group, answer_id: str) -> Path | None:
        path = fixes.knowledge_file_of(self._project.knowledge_dir, answer_id)
        answer = self._knowledge.answer(answer_id)

        def write(chosen: list[str]) -> None:
            fixes.add_alternate_questions(path, answer_id, chosen)
            fixes.validate_knowledge(self._project.knowledge_dir)

        return self._accept(
            group,
            path,
            what=f"alternate questions of {answer_id}",
            existing={normalised(text): answer_id for text in [answer.question, *answer.alternate_questions]},
            known_as="already a question of",
            as_text=lambda message: message.text.strip(),
            write=write,
            done="question(s) to {}; the knowledge base validates. Restart the advisor to search them.",
        )

    def _accept(
        self,
        group: Group,
        path: Path,
        *,
        what: str,
        existing: dict[str, str],
        known_as: str,
        as_text: Callable[[UserMessage], str],
        write: Callable[[list[str]], None],
        done: str,
    ) -> Path | None:
        """Offer the group's new messages (not in `existing`, normalised text -> who has it) as `what`; `write`
        the ones the operator picks, which also validates; undo it if that fails."""
        new = []
        for message in self._writable(group):
            owner = existing.get(normalised(message.text))
            if owner is None:
                new.append(as_text(message))
            else:
                self._say(f"  left out ({known_as} {owner}): {message.text.strip()}")
        chosen = self._confirm(new, f"{what} in {self._shown(path)}")
        if not chosen:
            return None
        try:
            with fixes.undone_unless_valid([path]):
                write(chosen)
        except fixes.FixError as error:
            self._say(f"  Nothing written: {self._shown(path)} is restored as it was, because {error}")
            return None
        self._say(f"  Wrote {len(chosen)} " + done.format(self._shown(path)))
        return path

    def _writable(self, group: Group) -> list[UserMessage]:
        """One message per distinct text; those that must not be written are named and left out."""
        first: dict[str, UserMessage] = {}
        for message in group.messages:
            first.setdefault(normalised(message.text), message)
        writable = []
        for message in first.values():
            reason = fixes.unwritable(message)
            if reason:
                self._say(f"  left out ({reason}): {mask(message.text)}")
            else:
                writable.append(message)
        return writable

    def _confirm(self, texts: list[str], where: str) -> list[str]:
        """The texts the operator picks to write: all, some by number, or none (the default)."""
        if not texts:
            self._say("  Nothing new to write.")
            return []
        self._say(f"  To write as {where}:")
        for number, text in enumerate(texts, start=1):
            self._say(f"    {number}. {text}")
        while True:
            reply = self._prompt('  Write which? [a]ll, numbers such as "1 3", or [n]one (default none) ').lower()
            if reply in ("", "n", "none"):
                return []
            if reply in ("a", "all"):
                return texts
            numbers = reply.replace(",", " ").split()
            if all(number.isdigit() and 1 <= int(number) <= len(texts) for number in numbers):
                return [texts[int(number) - 1] for number in dict.fromkeys(numbers)]
            self._say(f"  Please answer a, n, or numbers from 1 to {len(texts)}.")

    def _prompt(self, question: str) -> str:
        try:
            return self._ask(question).strip()
        except EOFError:
            raise EndOfReview from None

    def _shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(self._project.directory))
        except ValueError:
            return str(path)
