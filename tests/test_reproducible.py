"""Reproducible builds: the example site built twice, in different folders, time zones, hash seeds and at
different clock times, is byte-identical.

MkDocs itself writes the build date into the gzip header of ``sitemap.xml.gz`` and, when the site has a
``site_url``, into every ``<lastmod>`` of the sitemap, unless ``SOURCE_DATE_EPOCH`` is set; so without it the
sitemaps may differ in that date and nothing else, and with it every byte is the same. The builds here set a
``site_url`` so that the sitemap lists the pages.
"""

from __future__ import annotations

import difflib
import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROJECT = ("content", "docs", "theme", "mkdocs.yml")
SITEMAPS = {"sitemap.xml", "sitemap.xml.gz"}

# Runs MkDocs with the clock moved forward by CLOCK_SHIFT_DAYS: time.time, datetime.now/utcnow/today, date.today.
SHIFTED_CLOCK = """
import datetime as _dt, os, runpy, sys, time as _time
_shift = _dt.timedelta(days=float(os.environ["CLOCK_SHIFT_DAYS"]))
_real_time, _real_now = _time.time, _dt.datetime.now
_time.time = lambda: _real_time() + _shift.total_seconds()
class _DateTime(_dt.datetime):
    @classmethod
    def now(cls, tz=None):
        return _real_now(tz) + _shift
    @classmethod
    def utcnow(cls):
        return _real_now(_dt.timezone.utc).replace(tzinfo=None) + _shift
    @classmethod
    def today(cls):
        return cls.now()
class _Date(_dt.date):
    @classmethod
    def today(cls):
        return (_real_now() + _shift).date()
_dt.datetime, _dt.date = _DateTime, _Date
sys.argv = ["mkdocs", *sys.argv[1:]]
runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
"""


def build(folder: Path, *, tz: str, hash_seed: int, clock_shift_days: float, epoch: str | None = None) -> Path:
    """Copy the project into ``folder`` and build it there, in its own process with its own clock."""
    for name in PROJECT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        else:
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    with (folder / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nsite_url: https://playbook.example.org/\n")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(TZ=tz, PYTHONHASHSEED=str(hash_seed), CLOCK_SHIFT_DAYS=str(clock_shift_days),
               NO_MKDOCS_2_WARNING="1")
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    out = folder / "site"
    done = subprocess.run(
        [sys.executable, "-c", SHIFTED_CLOCK, "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)],
        cwd=folder, env=env, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    return out


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def first_difference(a: dict[str, bytes], b: dict[str, bytes], skip: set[str] = frozenset()) -> str | None:  # type: ignore[assignment]
    """The first file (in path order) that differs, with a short diff when it is text."""
    if sorted(a) != sorted(b):
        return f"different files: only in first {sorted(set(a) - set(b))}, only in second {sorted(set(b) - set(a))}"
    for name in sorted(a):
        if name in skip or a[name] == b[name]:
            continue
        try:
            left, right = a[name].decode().splitlines(), b[name].decode().splitlines()
        except UnicodeDecodeError:
            return f"{name}: binary files differ"
        diff = list(difflib.unified_diff(left, right, "first", "second", n=1, lineterm=""))
        return f"{name} differs:\n" + "\n".join(line[:200] for line in diff[:20])
    return None


def without_lastmod(xml: bytes) -> bytes:
    return re.sub(rb"<lastmod>[^<]*</lastmod>", b"<lastmod/>", xml)


def test_builds_in_other_folders_zones_and_times_are_identical(tmp_path: Path) -> None:
    first = files(build(tmp_path / "a", tz="Pacific/Pago_Pago", hash_seed=1, clock_shift_days=0))
    second = files(build(tmp_path / "some" / "other" / "b", tz="Pacific/Kiritimati", hash_seed=2,
                         clock_shift_days=400.3))
    assert first_difference(first, second, skip=SITEMAPS) is None
    # MkDocs dates the sitemap with the build day: that date is the only difference it may make.
    assert without_lastmod(first["sitemap.xml"]) == without_lastmod(second["sitemap.xml"])
    unzipped = [gzip.decompress(site["sitemap.xml.gz"]) for site in (first, second)]
    assert without_lastmod(unzipped[0]) == without_lastmod(unzipped[1])
    assert unzipped[0] == first["sitemap.xml"]
    assert first["sitemap.xml"].count(b"<lastmod>") == len([n for n in first if n.endswith(".html")]) - 1  # no 404
    assert re.findall(rb"<lastmod>([^<]*)</lastmod>", second["sitemap.xml"]) != re.findall(
        rb"<lastmod>([^<]*)</lastmod>", first["sitemap.xml"]
    ), "the clock shift did not reach MkDocs: the test no longer builds at different times"


def test_source_date_epoch_makes_even_the_sitemap_identical(tmp_path: Path) -> None:
    epoch = "1767225600"  # 2026-01-01T00:00:00Z
    first = files(build(tmp_path / "a", tz="UTC", hash_seed=3, clock_shift_days=0, epoch=epoch))
    second = files(build(tmp_path / "elsewhere" / "b", tz="Asia/Kolkata", hash_seed=4, clock_shift_days=-123.4,
                         epoch=epoch))
    assert first_difference(first, second) is None
    assert b"<lastmod>2026-01-01</lastmod>" in first["sitemap.xml"]


def test_first_difference_names_the_file() -> None:
    same = {"a.html": b"x", "b.html": b"y"}
    assert first_difference(same, dict(same)) is None
    assert first_difference(same, {"a.html": b"x", "b.html": b"z"}) == (
        "b.html differs:\n--- first\n+++ second\n@@ -1 +1 @@\n-y\n+z"
    )
    assert first_difference(same, {"a.html": b"x"}) == "different files: only in first ['b.html'], only in second []"
