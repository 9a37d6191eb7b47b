"""Build one synthetic playbook with both engines and check they publish the same pages.

Run ``python benchmarks/engines.py`` (``--size 1000`` by default, ``--keep DIR``
to keep the projects). It generates a playbook of N objectives (see
``synthetic.py``), then builds it twice: with MkDocs and the ``stratbook``
plugin, and with ``stratbook build`` followed by ``zensical build --strict``.
It prints the wall time and peak memory of each build and exits 1 unless both
builds succeed and publish the same set of pages. Too slow for the test run
(minutes at 1,000 objectives on two cores); CI runs it as a script step.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402
from run import run_measured  # noqa: E402

CONFIG = """\
site_name: Synthetic playbook
theme:
  name: material
  font: false
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
"""
PLUGIN = "plugins:\n  - search\n  - stratbook:\n      content_dir: content\n"
INHERIT = "INHERIT: docs/.stratbook/mkdocs.yml\n"
STRATBOOK = "from generator.cli import run; run()"
"""The ``stratbook`` command of the running interpreter's installation."""


def pages(site: Path) -> set[str]:
    """The addresses of the site's pages (``…/index.html``), engine files left out."""
    return {
        path.relative_to(site).parent.as_posix()
        for path in site.rglob("index.html")
        if not path.relative_to(site).as_posix().startswith("assets/")
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="objectives in the playbook (default: 1000)")
    parser.add_argument("--keep", type=Path, default=None, help="build in this folder and keep it")
    args = parser.parse_args(argv)
    root = args.keep or Path(tempfile.mkdtemp(prefix="stratbook-engines-"))
    try:
        return compare(root, args.size)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


def compare(root: Path, size: int) -> int:
    content = root / "content"
    if content.exists():
        shutil.rmtree(content)
    synthetic.generate(content, size)
    results: dict[str, set[str]] = {}
    for engine in ("mkdocs", "zensical"):
        project = root / engine
        shutil.rmtree(project, ignore_errors=True)
        (project / "docs").mkdir(parents=True)
        (project / "content").symlink_to(content, target_is_directory=True)
        if engine == "mkdocs":
            (project / "mkdocs.yml").write_text(CONFIG + PLUGIN, encoding="utf-8")
            steps = [("mkdocs build", [sys.executable, "-m", "mkdocs", "build", "--strict"])]
        else:
            (project / "mkdocs.yml").write_text(INHERIT + CONFIG, encoding="utf-8")
            steps = [
                ("stratbook build", [sys.executable, "-c", STRATBOOK, "build", "--out", "docs"]),
                ("zensical build", [sys.executable, "-m", "zensical", "build", "--strict"]),
            ]
        for name, step in steps:
            done = run_measured(step, project)  # the command's own peak memory, not the benchmark's
            print(f"{engine:9} {name:16} {done.seconds:7.1f} s  peak {done.peak_mb:6.0f} MB  exit {done.returncode}")
            if done.returncode != 0:
                print(done.output[-4000:], file=sys.stderr)
                return 1
        results[engine] = pages(project / "site")
    missing, extra = results["mkdocs"] - results["zensical"], results["zensical"] - results["mkdocs"]
    print(f"pages: {len(results['mkdocs'])} with MkDocs, {len(results['zensical'])} with Zensical")
    if missing or extra:
        print(f"only with MkDocs: {sorted(missing)[:10]}; only with Zensical: {sorted(extra)[:10]}", file=sys.stderr)
        return 1
    print("PASS: both engines publish the same pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
