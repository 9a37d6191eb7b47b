"""The playbook at a git revision, read with the `git` command line into a temporary folder.

`stratbook changes` and the site's "What changed" page compare the working
tree with an earlier revision.  The earlier files are read with `git ls-tree`
and `git cat-file` (no export filters, no checkout) and written below a
temporary folder that is removed afterwards: nothing is written to the
working tree or the repository.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.analysis.changes import Changes, compare
from generator.exceptions import Diagnostic, StratbookError
from generator.pipeline import Result, load

LATEST_TAG = "latest-tag"
"""The revision name that means the newest tag reachable from HEAD."""


class RevisionError(StratbookError):
    """The revision, the repository or the path cannot be used: a usage error in one line."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"stratbook changes: {detail}")


class RevisionContentError(StratbookError):
    """The playbook at the revision has errors; they are reported as that revision's."""

    def __init__(self, revision: str, diagnostics: Sequence[Diagnostic]) -> None:
        self.revision = revision
        self.diagnostics = list(diagnostics)
        super().__init__(
            f"the playbook at `{revision}` has errors, so there is nothing to compare with:\n"
            + "\n".join(str(d) for d in self.diagnostics)
        )


@dataclass(frozen=True)
class Revision:
    """A resolved revision: the name asked for, its commit and its commit date."""

    name: str
    commit: str
    date: dt.date

    @property
    def short(self) -> str:
        return self.commit[:12]


def _git(top: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(
            ["git", "-C", str(top), *args],
            input=stdin,
            capture_output=True,
            check=False,
            env=environment,
        )
    except FileNotFoundError:
        raise RevisionError(
            "the `git` command is not installed or not on PATH; install git to compare revisions"
        ) from None


def repository_of(folder: Path) -> Path:
    """The top folder of the git working tree that holds ``folder``."""
    done = _git(folder, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise RevisionError(
            f"`{folder.as_posix()}` is not inside a git repository; run it in a clone of the playbook's repository"
        )
    return Path(done.stdout.decode("utf-8", "replace").strip())


def resolve(top: Path, name: str) -> Revision:
    """The commit ``name`` points to; `latest-tag` is the newest tag reachable from HEAD."""
    asked = name
    if name == LATEST_TAG:
        tag = _git(top, "describe", "--tags", "--abbrev=0", "HEAD")
        if tag.returncode != 0:
            raise RevisionError(
                "there is no tag reachable from HEAD to compare with; tag a release (`git tag v1`) or name a revision"
            )
        name = tag.stdout.decode("utf-8", "replace").strip()
    done = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}")
    if name.startswith("-") or done.returncode != 0:
        raise RevisionError(f"unknown revision `{asked}`: name a commit, branch or tag that `git log` knows")
    commit = done.stdout.decode().strip()
    stamp = _git(top, "show", "-s", "--format=%cI", commit).stdout.decode().strip()
    return Revision(asked if name == asked else f"{asked} ({name})", commit, dt.date.fromisoformat(stamp[:10]))


def _tree_path(top: Path, folder: Path) -> str:
    try:
        relative = folder.resolve().relative_to(top.resolve())
    except ValueError:
        raise RevisionError(f"`{folder.as_posix()}` is outside the git repository at `{top.as_posix()}`") from None
    return relative.as_posix() if relative.parts else ""


def _write_tree(top: Path, revision: Revision, prefix: str, target: Path) -> None:
    """Write the files under ``prefix`` at ``revision`` below ``target``; links and submodules as they were."""
    listing = _git(top, "ls-tree", "-r", "-z", "--full-tree", revision.commit, "--", prefix or ".")
    if listing.returncode != 0:
        message = listing.stderr.decode("utf-8", "replace").strip() or f"exit status {listing.returncode}"
        raise RevisionError(f"git could not list the files of {revision.name} ({message}): check the repository")
    entries: list[tuple[str, str, str]] = []
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        if kind == "blob":
            entries.append((mode, sha, os.fsdecode(raw_path)))
    if not entries:
        return
    batch = _git_batch(top, [sha for _, sha, _ in entries])
    for (mode, _sha, name), content in zip(entries, batch, strict=True):
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts:
            continue
        path = target.joinpath(*relative.parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":
            path.symlink_to(os.fsdecode(content))
        else:
            path.write_bytes(content)


def _git_batch(top: Path, shas: list[str]) -> list[bytes]:
    done = _git(top, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha in shas).encode())
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
        raise RevisionError(f"git could not read the files of the revision ({message}): check the repository")
    out = done.stdout
    contents: list[bytes] = []
    position = 0
    for _ in shas:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        if len(header) != 3:  # `<sha> missing`: the object is not in the repository
            raise RevisionError(f"git has no object {header[0].decode()}: fetch the revision, or check the repository")
        size = int(header[2])
        contents.append(out[end + 1 : end + 1 + size])
        position = end + 1 + size + 1
    return contents


def load_at(
    folder: Path, name: str, as_of: dt.date | None = None, display: str | None = None
) -> tuple[Revision, Result]:
    """Resolve ``name`` in the repository holding ``folder`` and load the playbook it had there.

    Without ``as_of`` the old playbook is judged as of its own `as_of`, else
    its commit date, so that what was late then is not news now.  Its files
    are shown as ``REVISION:path`` in messages.
    """
    if not folder.is_dir():
        raise RevisionError(f"no playbook folder `{folder.as_posix()}`; pass the folder that holds playbook.yaml")
    top = repository_of(folder)
    revision = resolve(top, name)
    prefix = _tree_path(top, folder)
    kind = _git(top, "cat-file", "-t", f"{revision.commit}:{prefix}")
    if kind.returncode != 0 or kind.stdout.decode().strip() != "tree":
        raise RevisionError(
            f"`{prefix or '.'}` did not exist at `{name}` ({revision.short}); "
            "pass the folder the playbook had at that revision"
        )
    with tempfile.TemporaryDirectory(prefix="stratbook-") as scratch:
        root = Path(scratch) / "tree"
        root.mkdir()
        _write_tree(top, revision, prefix, root)
        base = root.joinpath(*PurePosixPath(prefix).parts) if prefix else root
        base.mkdir(parents=True, exist_ok=True)
        label = display if display is not None else f"{name}:{prefix or '.'}"
        result = load(base, as_of=as_of, display_root=label)
        if as_of is None and result.playbook is not None and result.playbook.strategy.as_of is None:
            result = load(base, as_of=revision.date, display_root=label)
    return revision, result


def changes_since(folder: Path, name: str, as_of: dt.date | None = None) -> tuple[Changes, Result]:
    """What changed in the playbook at ``folder`` since revision ``name``, and the working tree's result.

    Raises :class:`RevisionError` for a revision, repository or path that
    cannot be used, :class:`RevisionContentError` when the old playbook has
    errors and :class:`~generator.exceptions.ContentError` when the working
    tree's has.
    """
    revision, before = load_at(folder, name)
    if before.playbook is None:
        raise RevisionContentError(revision.name, before.errors or before.diagnostics)
    after = load(folder, as_of=as_of)
    playbook = after.require()
    label = name if revision.name == name else revision.name
    return compare(before.playbook, playbook, label), after
