"""Benchmark ``stratbook check`` and the site build on synthetic playbooks.

Run ``python benchmarks/run.py`` (``--quick``, ``--sizes 250,500``, ``--json FILE``).
For each size N it generates a playbook (see ``synthetic.py``) and measures,
side by side: ruamel.yaml's C safe loader alone on the same files (the floor
no checker can beat), ``stratbook check`` in process and end to end, the
``mkdocs build`` of a site using the stratbook plugin, the build of the same
pages exported as plain Markdown (what the plugin itself costs), and the
peak memory of the full build.  It prints a Markdown table with fixed
columns and the goals set in the issues, each with PASS or FAIL.
Not part of the test run: timings belong here, never in tests.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402

DEFAULT_SIZES = (250, 500, 1000, 2000)
QUICK_SIZES = (100, 200)
COLUMNS = (
    "N",
    "YAML MB",
    "C-load s",
    "check s",
    "check/C-load",
    "build s",
    "plain-md build s",
    "plugin share",
    "peak MB",
)


@dataclass
class Row:
    """The figures of one playbook size; None where a figure could not be measured."""

    n: int
    files: int = 0
    yaml_mb: float = 0.0
    c_load_s: float | None = None
    check_s: float | None = None
    check_cli_s: float | None = None
    check_errors: int | None = None
    check_warnings: int | None = None
    build_s: float | None = None
    plain_build_s: float | None = None
    peak_mb: float | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def check_ratio(self) -> float | None:
        return _ratio(self.check_s, self.c_load_s)

    @property
    def plugin_share(self) -> float | None:
        return _ratio(self.build_s, self.plain_build_s)


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def best_of(repeat: int, action: Callable[[], object]) -> float:
    """The best wall time of ``repeat`` runs: the least disturbed by the machine."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


# -- (1) the C loader alone ---------------------------------------------------------------------


def c_loader() -> tuple[Callable[[str], Any], str]:
    """A function that loads YAML text with ruamel.yaml's C safe loader, and what it really runs.

    ``YAML(typ='safe', pure=False)`` silently falls back to the pure-Python
    parser when ``ruamel.yaml.main`` cannot import the C parser (0.19 looks
    only for ``_ruamel_yaml`` there, while ``ruamel.yaml.cyaml`` also accepts
    ``_ruamel_yaml_clibz``); timing that would flatter the checker, so the
    fallback uses ``cyaml.CSafeLoader`` directly and says so.
    """
    import ruamel.yaml
    from ruamel.yaml import YAML

    from generator.loading.yaml import c_binding

    binding = c_binding()
    if binding is None:
        raise SystemExit("ruamel.yaml has no C binding here: install ruamel.yaml[libyaml]; nothing to compare with")
    from ruamel.yaml import cyaml

    module = {"clib": "_ruamel_yaml", "clibz": "_ruamel_yaml_clibz"}.get(binding, binding)
    yaml = YAML(typ="safe", pure=False)
    parser = yaml.Parser
    parser_name = f"{parser.__module__}.{parser.__qualname__}"
    if parser is getattr(cyaml, "CParser", None):

        def load_via_yaml(text: str) -> Any:
            return yaml.load(text)

        return load_via_yaml, (
            f"ruamel.yaml {ruamel.yaml.__version__}: YAML(typ='safe', pure=False) runs {parser_name} "
            f"from {module} ({binding})"
        )

    def load_via_cyaml(text: str) -> Any:
        loader = cyaml.CSafeLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()

    return load_via_cyaml, (
        f"ruamel.yaml {ruamel.yaml.__version__}: YAML(typ='safe', pure=False) would run {parser_name} "
        f"(pure Python: ruamel.yaml.main does not find the C parser), so the C loader timed is "
        f"ruamel.yaml.cyaml.CSafeLoader from {module} ({binding})"
    )


def load_all(files: Sequence[Path], load: Callable[[str], Any]) -> None:
    for path in files:
        load(path.read_bytes().decode("utf-8"))


# -- (3)-(5) the site builds --------------------------------------------------------------------


def plugin_available() -> str | None:
    """None when the stratbook MkDocs plugin can build; else why not."""
    if importlib.util.find_spec("generator.plugin") is None:
        return "generator/plugin.py does not exist yet"
    try:
        from mkdocs.plugins import get_plugins

        if "stratbook" not in get_plugins():
            return "the `stratbook` MkDocs plugin entry point is not installed (pip install -e .)"
    except Exception as exc:  # the plugin is someone else's work in progress: report, never crash
        return f"the stratbook plugin cannot be loaded: {exc!r}"
    return None


def _plugin_option() -> str:
    """The plugin option that names the playbook folder, read from the plugin's config."""
    from generator.plugin import StratbookPlugin  # type: ignore[import-not-found,unused-ignore]

    names = [name for name, _ in getattr(StratbookPlugin, "config_scheme", ())]
    config_class = getattr(StratbookPlugin, "config_class", None)
    if config_class is not None:
        names += [name for name, _ in getattr(config_class, "_schema", ())]
    for candidate in ("content_dir", "content", "playbook", "path"):
        if candidate in names:
            return candidate
    return "content"


def _plain_nav() -> str:
    """The plugin's navigation (section pages only), for the plain build; empty when render has none."""
    try:
        from generator.rendering.pages import nav_pages
    except ImportError:
        return ""
    return "nav:\n" + "".join(f"  - {json.dumps(title)}: {json.dumps(path)}\n" for title, path in nav_pages())


def _mkdocs_yml(site_name: str, docs_dir: Path, site_dir: Path, extra: str) -> str:
    return (
        f"site_name: {json.dumps(site_name)}\n"
        f"docs_dir: {json.dumps(str(docs_dir))}\n"
        f"site_dir: {json.dumps(str(site_dir))}\n"
        "theme:\n  name: material\n"
        f"{extra}"
    )


Measured = tuple[float, float, subprocess.CompletedProcess[str] | None, str]


def run_measured(command: Sequence[str], cwd: Path) -> Measured:
    """Run ``command``; its wall time, its own peak RSS in MB (via wait4) and its output."""
    start = time.perf_counter()
    process = subprocess.Popen(
        list(command), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return elapsed, peak, subprocess.CompletedProcess(list(command), process.returncode, output, ""), output


MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict", "--config-file"]


def best_build(config: Path, cwd: Path, repeat: int, row: Row, what: str) -> tuple[float, float] | None:
    """Best time and highest peak memory of ``repeat`` clean `mkdocs build` runs; None (noted) on failure."""
    times, peaks = [], []
    for _ in range(repeat):
        shutil.rmtree(cwd / "out", ignore_errors=True)
        elapsed, peak, done, output = run_measured([*MKDOCS, str(config)], cwd)
        if done is None or done.returncode != 0:
            row.notes.append(f"{what} failed (exit {done.returncode if done else '?'}): {output[-600:]}")
            return None
        times.append(elapsed)
        peaks.append(peak)
    return min(times), max(peaks)


def measure_builds(row: Row, work: Path, content: Path, repeat: int) -> None:
    """Full plugin build (time and peak memory) and the plain-Markdown build of the same pages."""
    # (3) and (5): a site using the plugin on this playbook.
    site = work / "site-plugin"
    docs = site / "docs"
    docs.mkdir(parents=True)
    option = _plugin_option()
    config = site / "mkdocs.yml"
    config.write_text(
        _mkdocs_yml(
            f"Synthetic {row.n}",
            docs,
            site / "out",
            f"plugins:\n  - stratbook:\n      {option}: {json.dumps(str(content))}\n",
        ),
        encoding="utf-8",
    )
    plugin_build = best_build(config, site, repeat, row, "plugin build")
    if plugin_build is None:
        return
    row.build_s, row.peak_mb = plugin_build

    # (4) the same pages as plain Markdown, same theme and stylesheet, no plugin.
    plain = work / "site-plain"
    plain_docs = plain / "docs"
    exported = subprocess.run(
        [sys.executable, "-c", "from generator.cli import run; run()", "export", "markdown", str(plain_docs),
         "--content", str(content)],
        capture_output=True,
        text=True,
        check=False,
    )
    if exported.returncode != 0:
        row.notes.append(f"`stratbook export markdown` failed (exit {exported.returncode}): {exported.stderr[-600:]}")
        return
    # What the plugin adds to the config, given by hand: its stylesheets (the export wrote them),
    # its Markdown extensions and its navigation.
    from generator.rendering.environment import STYLESHEETS

    extra = "extra_css:\n" + "".join(f"  - {json.dumps(sheet)}\n" for sheet in STYLESHEETS)
    extra += "markdown_extensions:\n  - attr_list\n  - md_in_html\n" + _plain_nav()
    plain_config = plain / "mkdocs.yml"
    plain_config.write_text(_mkdocs_yml(f"Synthetic {row.n}", plain_docs, plain / "out", extra), encoding="utf-8")
    plain_build = best_build(plain_config, plain, repeat, row, "plain build")
    if plain_build is not None:
        row.plain_build_s = plain_build[0]


# -- one size -------------------------------------------------------------------------------------


def measure(n: int, load_c: Callable[[str], Any], repeat: int, build_repeat: int, builds: bool) -> Row:
    from generator.pipeline import load

    row = Row(n)
    with tempfile.TemporaryDirectory(prefix=f"stratbook-bench-{n}-") as tmp:
        work = Path(tmp)
        content = work / "content"
        synthetic.generate(content, n)
        files = sorted(p for p in content.rglob("*") if p.suffix in (".yaml", ".yml"))
        row.files = len(files)
        row.yaml_mb = sum(p.stat().st_size for p in files) / 1e6

        row.c_load_s = best_of(repeat, lambda: load_all(files, load_c))
        result = load(content)
        row.check_errors, row.check_warnings = len(result.errors), len(result.warnings)
        if result.errors:
            row.notes.append(f"the synthetic playbook has errors, first: {result.errors[0]}")
        del result  # a live model doubles the heap the garbage collector scans while timing
        row.check_s = best_of(repeat, lambda: load(content))

        cli = [sys.executable, "-c", "from generator.cli import run; run()", "check", str(content), "--strict"]
        row.check_cli_s, _, done, output = run_measured(cli, work)
        if done is None or done.returncode != 0:
            row.notes.append(f"`stratbook check --strict` exited {done.returncode if done else '?'}: {output[-300:]}")

        if builds:
            measure_builds(row, work, content, build_repeat)
    return row


# -- the report -----------------------------------------------------------------------------------


def _fmt(value: float | None, digits: int) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def table(rows: Sequence[Row]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---:" for _ in COLUMNS) + "|"]
    for r in rows:
        cells = (
            str(r.n),
            _fmt(r.yaml_mb, 2),
            _fmt(r.c_load_s, 3),
            _fmt(r.check_s, 3),
            _fmt(r.check_ratio, 2),
            _fmt(r.build_s, 2),
            _fmt(r.plain_build_s, 2),
            _fmt(r.plugin_share, 2),
            _fmt(r.peak_mb, 0),
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


@dataclass
class Goal:
    name: str
    goal: str
    value: float | None
    limit: float
    strict_less: bool = False

    @property
    def status(self) -> str:
        if self.value is None:
            return "n/a"
        ok = self.value < self.limit if self.strict_less else self.value <= self.limit
        return "PASS" if ok else "FAIL"


def goals(rows: Sequence[Row]) -> list[Goal]:
    by_n = {r.n: r for r in rows}

    def get(n: int, attribute: str) -> float | None:
        row = by_n.get(n)
        return None if row is None else getattr(row, attribute)

    return [
        Goal("check(1000) / C-load(1000)", "<= 2.5", get(1000, "check_ratio"), 2.5),
        Goal("check(2000) / check(1000)", "<= 2.3", _ratio(get(2000, "check_s"), get(1000, "check_s")), 2.3),
        Goal("check(1000) / check(500)", "<= 2.3", _ratio(get(1000, "check_s"), get(500, "check_s")), 2.3),
        Goal("build(1000) / build(500)", "<= 2.3", _ratio(get(1000, "build_s"), get(500, "build_s")), 2.3),
        Goal("plugin share at 1000 (build / plain)", "<= 1.2", get(1000, "plugin_share"), 1.2),
        Goal("peak memory at 1000 (MB)", "< 500", get(1000, "peak_mb"), 500, strict_less=True),
    ]


def goals_table(found: Sequence[Goal]) -> str:
    lines = ["| goal | target | value | result |", "|---|---:|---:|---|"]
    for g in found:
        lines.append(f"| {g.name} | {g.goal} | {_fmt(g.value, 2)} | {g.status} |")
    return "\n".join(lines)


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a comma-separated list of sizes like 250,500") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes are positive whole numbers")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark stratbook check and the site build.")
    parser.add_argument("--sizes", type=_sizes, default=None, metavar="N,N,...", help="default 250,500,1000,2000")
    parser.add_argument("--quick", action="store_true", help="sizes 100,200 (a smoke run)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per in-process timing, best kept (default 3)")
    parser.add_argument("--build-repeat", type=int, default=1, help="runs per mkdocs build, best kept (default 1)")
    parser.add_argument("--no-build", action="store_true", help="skip the mkdocs builds (columns n/a)")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)

    load_c, loader_note = c_loader()
    print(f"Python {platform.python_version()} on {platform.machine()} {platform.system()}")
    print(f"C loader: {loader_note}")
    missing = "skipped (--no-build)" if args.no_build else plugin_available()
    if missing:
        print(f"Builds: n/a: {missing}")
    print()

    rows: list[Row] = []
    for n in sizes:
        print(f"N={n}...", file=sys.stderr, flush=True)
        rows.append(measure(n, load_c, args.repeat, args.build_repeat, builds=missing is None))
    found = goals(rows)

    print(table(rows))
    print()
    print("| N | files | check errors | check warnings | `stratbook check --strict` end to end s |")
    print("|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r.n} | {r.files} | {r.check_errors} | {r.check_warnings} | {_fmt(r.check_cli_s, 2)} |")
    print()
    print(goals_table(found))
    for r in rows:
        for note in r.notes:
            print(f"\nN={r.n}: {note}")
    if args.json is not None:
        document = {
            "python": platform.python_version(),
            "c_loader": loader_note,
            "builds": missing or "measured",
            "columns": list(COLUMNS),
            "rows": [
                {**asdict(r), "check_ratio": r.check_ratio, "plugin_share": r.plugin_share} for r in rows
            ],
            "goals": [
                {"name": g.name, "goal": g.goal, "value": g.value, "result": g.status} for g in found
            ],
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
