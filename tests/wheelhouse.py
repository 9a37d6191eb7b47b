"""A wheelhouse of Stratbook's dependencies, repacked from this environment: installs that need no network.

A starter's ``requirements.txt`` is installed the way its CI does it, with ``pip install -r``, but from
a folder only (``--no-index --find-links``): the dependencies come from the distributions installed
here, each zipped back into a wheel from the files its ``RECORD`` lists, so the test runs offline and
in seconds.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import re
import zipfile
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def _requirements(distribution: metadata.Distribution, extras: frozenset[str]) -> list[Requirement]:
    found = []
    for text in distribution.requires or ():
        requirement = Requirement(text)
        marker = requirement.marker
        if marker is None or any(marker.evaluate({"extra": extra}) for extra in (extras or {""})):
            found.append(requirement)
    return found


def dependencies(name: str) -> list[metadata.Distribution]:
    """The installed distributions ``name`` needs, transitively (without ``name`` itself)."""
    seen: dict[str, metadata.Distribution] = {}
    pending = [(name, frozenset[str]())]
    while pending:
        current, extras = pending.pop()
        distribution = metadata.distribution(current)
        for requirement in _requirements(distribution, extras):
            key = canonicalize_name(requirement.name)
            if key in seen or key == canonicalize_name(name):
                continue
            seen[key] = metadata.distribution(requirement.name)
            pending.append((requirement.name, frozenset(requirement.extras)))
    return sorted(seen.values(), key=lambda d: canonicalize_name(d.metadata["Name"]))


def _tag(distribution: metadata.Distribution) -> str:
    wheel = distribution.read_text("WHEEL") or ""
    tags = [tag.split("-") for tag in re.findall(r"^Tag: (\S+)$", wheel, re.MULTILINE)]
    if not tags:
        return "py3-none-any"
    return "-".join(".".join(dict.fromkeys(tag[part] for tag in tags)) for part in range(3))


def repack(distribution: metadata.Distribution, into: Path) -> Path:
    """Zip an installed distribution back into a wheel in ``into``."""
    name = re.sub(r"[-_.]+", "_", distribution.metadata["Name"]).lower()
    version = distribution.version
    target = into / f"{name}-{version}-{_tag(distribution)}.whl"
    dist_info = None
    records: list[tuple[str, str, str]] = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in distribution.files or ():
            relative = file.as_posix()
            if relative.startswith("..") or "__pycache__" in relative or relative.endswith(".pyc"):
                continue
            if relative.endswith(".dist-info/RECORD"):
                dist_info = relative.rsplit("/", 1)[0]
                continue
            path = Path(str(file.locate()))
            if not path.is_file():
                continue
            data = path.read_bytes()
            archive.writestr(relative, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            records.append((relative, f"sha256={digest}", str(len(data))))
        assert dist_info is not None, f"{name} has no RECORD"
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerows([*records, (f"{dist_info}/RECORD", "", "")])
        archive.writestr(f"{dist_info}/RECORD", buffer.getvalue())
    return target


def wheelhouse(into: Path, name: str = "stratbook") -> list[Path]:
    """Every dependency of ``name`` as a wheel in ``into``."""
    into.mkdir(parents=True, exist_ok=True)
    return [repack(distribution, into) for distribution in dependencies(name)]
