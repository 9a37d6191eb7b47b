"""The kinds of file a playbook folder holds: the one table the loader, the schemas and the reference read."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.entities import Plan, Program, Role, Skill, Strategy
from generator.model.fields import Node

PLAYBOOK_FILES = ("playbook.yaml", "playbook.yml")
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class FileKind:
    """One kind of playbook file: where it lives, what it holds, and the schema class that validates it."""

    name: str
    """The schema's name (``plan.schema.json``) and the kind's key in messages of the reference."""
    model: type[Node]
    folder: str | None
    """The top-level folder whose files are of this kind; None for ``playbook.yaml``."""
    entity: str
    """How messages name one entity of the kind."""
    holds: str
    """What one file of the kind holds, for the reference and the JSON Schema's description."""
    bucket: str
    """The attribute of the loaded playbook that collects the entities."""

    @property
    def may_be_list(self) -> bool:
        return self.folder is not None


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("playbook", Strategy, None, "strategy", "playbook.yaml: the strategy itself", "strategy"),
    FileKind("plan", Plan, "plans", "plan", "A file under plans/: one plan or a list of plans", "plans"),
    FileKind("role", Role, "roles", "role", "A file under roles/: one role or a list of roles", "roles"),
    FileKind("skill", Skill, "skills", "skill", "A file under skills/: one skill or a list of skills", "skills"),
    FileKind(
        "coaching",
        Program,
        "coaching",
        "coaching program",
        "A file under coaching/: one coaching program or a list of them",
        "programs",
    ),
)

KIND_BY_NAME: dict[str, FileKind] = {kind.name: kind for kind in FILE_KINDS}
KIND_BY_FOLDER: dict[str, FileKind] = {kind.folder: kind for kind in FILE_KINDS if kind.folder is not None}
KIND_BY_MODEL: dict[type[Node], FileKind] = {kind.model: kind for kind in FILE_KINDS}
