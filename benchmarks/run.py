"""Benchmark ``stratbook check``, the site build and the preview on synthetic playbooks.

Run ``python benchmarks/run.py`` (about twenty minutes on a 2-core machine), or
``--quick`` for a smoke run of small sizes.  Playbooks come from
``synthetic.py``.  Every figure is measured side by side in one run, so the
ratios hold on a busy machine even when the seconds do not:

* the floor: ``mkdocs build`` of the same site configuration (Material with
  ``navigation.prune``, which ``stratbook init`` turns on too; search; the
  plugin's navigation) over the same pages, each holding only a title and
  one line;
* the build: ``mkdocs build`` of a site using the stratbook plugin, its time,
  its peak memory, the largest generated page, the largest built page, and the
  built HTML (search index included) per objective;
* the check: ruamel.yaml's C loader alone on the same files, then
  ``stratbook check`` in the same process, and end to end with its peak memory;
* the preview: the command the README recommends for large playbooks
  (``mkdocs serve --dirty``) serving a playbook, one key result edited with
  ``stratbook update``, and the time until the server serves every page that
  shows the new value.

It prints a table of the figures and a table of the goals, each with PASS or
FAIL.  Not part of the test run: timings belong here, never in tests.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402

BUILD_SIZES = (1000, 10000)
CHECK_SIZES = (1000, 20000)
PREVIEW_SIZE = 1000
QUICK_BUILD_SIZES = (100, 300)
QUICK_CHECK_SIZES = (100, 400)
MB = 1024 * 1024

PREVIEW_COMMAND = ("serve", "--dirty")
"""What the README recommends for previewing a large playbook: ``mkdocs serve --dirty``."""

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0", "NO_COLOR": "1"}
STRATBOOK = [sys.executable, "-c", "from generator.cli import run; run()"]
MKDOCS = [sys.executable, "-m", "mkdocs"]


# -- figures ---------------------------------------------------------------------------------------


@dataclass
class BuildRow:
    """The build figures of one playbook size; None where a figure could not be measured."""

    n: int
    pages: int = 0
    floor_s: float | None = None
    floor_peak_mb: float | None = None
    build_s: float | None = None
    peak_mb: float | None = None
    markdown_mb: float | None = None
    largest_markdown: tuple[str, int] | None = None
    html_mb: float | None = None
    search_index_mb: float | None = None
    largest_html: tuple[str, int] | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def floor_ratio(self) -> float | None:
        return _ratio(self.build_s, self.floor_s)

    @property
    def kb_per_objective(self) -> float | None:
        if self.html_mb is None or self.search_index_mb is None:
            return None
        return (self.html_mb + self.search_index_mb) * 1024 / self.n


@dataclass
class CheckRow:
    """The check figures of one playbook size."""

    n: int
    files: int = 0
    yaml_mb: float = 0.0
    c_load_s: float | None = None
    check_s: float | None = None
    check_cli_s: float | None = None
    check_cli_peak_mb: float | None = None
    errors: int | None = None
    warnings: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def c_ratio(self) -> float | None:
        return _ratio(self.check_s, self.c_load_s)


@dataclass
class PreviewRow:
    """How long the preview server takes to serve the pages a key-result edit changes."""

    n: int
    command: str = ""
    first_build_s: float | None = None
    update_s: float | None = None
    pages_checked: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


# -- running things -------------------------------------------------------------------------------


def best_of(repeat: int, action: Callable[[], object]) -> float:
    """The best wall time of ``repeat`` runs: the least disturbed by the machine."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


@dataclass
class Run:
    seconds: float
    peak_mb: float
    returncode: int
    output: str


GNU_TIME = "/usr/bin/time"


def run_measured(command: Sequence[str], cwd: Path) -> Run:
    """Run ``command``; its wall time, its peak memory in MB and its output.

    The peak is the larger of the command's own peak RSS and the peak of its
    processes' memory together (:class:`TreeMemory`): the build renders in a
    second process. A child forked from this process starts with this
    process's pages, and Linux counts them in the child's peak RSS even after
    ``exec`` (the benchmark holds a 20,000-objective playbook at times): GNU
    time, small itself, forks the command and reports the command's own peak.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        timed = os.access(GNU_TIME, os.X_OK)
        argv = [GNU_TIME, "-f", "%M", "-o", rss.name, *command] if timed else list(command)
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV)
        assert process.stdout is not None
        with TreeMemory(process.pid) as tree:
            output = process.stdout.read()
            _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        lines = [line for line in rss.read().splitlines() if line.strip().isdigit()] if timed else []
    # KiB from GNU time; ru_maxrss is in KiB on Linux and in bytes on macOS (there, an upper bound).
    peak = int(lines[-1]) / 1024 if lines else usage.ru_maxrss / (MB if sys.platform == "darwin" else 1024)
    return Run(elapsed, max(peak, tree.peak_mb), os.waitstatus_to_exitcode(status), output)


class TreeMemory:
    """The peak of the memory that a process and its descendants use together, sampled twice a second.

    Each process counts its proportional set size (Linux's ``Pss``): a page
    that two processes share, as a forked process shares its parent's, counts
    half in each, so the sum is the memory the processes take together.
    Where ``/proc`` has no ``smaps_rollup`` the peak stays 0.
    """

    INTERVAL = 0.5

    def __init__(self, root: int) -> None:
        self.root = root
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(self.INTERVAL):
            total = sum(_pss_kib(pid) for pid in _descendants(self.root))
            self.peak_mb = max(self.peak_mb, total / 1024)


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it, from the parent ids in ``/proc``."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _pss_kib(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    found = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(found.group(1)) if found else 0


# -- (1) the C loader alone -----------------------------------------------------------------------


def c_loader() -> tuple[Callable[[str], Any], str]:
    """A function that loads YAML text with ruamel.yaml's C safe loader, and what it really runs.

    ``YAML(typ='safe', pure=False)`` silently falls back to the pure-Python
    parser when ``ruamel.yaml.main`` cannot import the C parser (0.19 looks
    only for ``_ruamel_yaml`` there, while ``ruamel.yaml.cyaml`` also accepts
    ``_ruamel_yaml_clibz``); timing that would flatter the checker, so the
    fallback uses ``cyaml.CSafeLoader`` directly and says so.
    """
    import ruamel.yaml
    from ruamel.yaml import YAML, cyaml

    binding = next((v for k, v in vars(cyaml).items() if k.endswith("__yaml_lib")), None)
    if binding is None or not hasattr(cyaml, "CSafeLoader"):
        raise SystemExit("ruamel.yaml has no C binding here: install ruamel.yaml[libyaml]; nothing to compare with")
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


def measure_check(n: int, work: Path, load_c: Callable[[str], Any], repeat: int) -> CheckRow:
    from generator.pipeline import load

    row = CheckRow(n)
    content = work / f"check-{n}"
    synthetic.generate(content, n)
    files = sorted(p for p in content.rglob("*") if p.suffix in (".yaml", ".yml"))
    row.files = len(files)
    row.yaml_mb = sum(p.stat().st_size for p in files) / 1e6
    result = load(content)
    row.errors, row.warnings = len(result.errors), len(result.warnings)
    if result.errors:
        row.notes.append(f"the synthetic playbook has errors, first: {result.errors[0]}")
    del result  # a live model doubles the heap the garbage collector scans while timing
    # Side by side, alternating, so that both see the same machine.
    c_times, check_times = [], []
    for _ in range(repeat):
        c_times.append(best_of(1, lambda: load_all(files, load_c)))
        check_times.append(best_of(1, lambda: load(content)))
    row.c_load_s, row.check_s = min(c_times), min(check_times)
    done = run_measured([*STRATBOOK, "check", "--content", str(content), "--strict"], work)
    row.check_cli_s, row.check_cli_peak_mb = done.seconds, done.peak_mb
    if done.returncode != 0:
        row.notes.append(f"`stratbook check --strict` exited {done.returncode}: {done.output[-300:]}")
    shutil.rmtree(content, ignore_errors=True)
    return row


# -- (2) the builds ------------------------------------------------------------------------------


def _nav_tree() -> list[Any]:
    """The navigation the plugin gives a site without its own ``nav`` (section pages only)."""
    from generator.rendering.pages import nav_tree

    tree: list[Any] = nav_tree()
    return tree


def _config(site_name: str, docs: Path, out: Path, extra: str) -> str:
    return (
        f"site_name: {json.dumps(site_name)}\n"
        f"docs_dir: {json.dumps(str(docs))}\n"
        f"site_dir: {json.dumps(str(out))}\n"
        # Material with `navigation.prune`, which `stratbook init` turns on too: collapsed sections of
        # the navigation stay out of every page.
        "theme:\n  name: material\n  features: [navigation.prune]\n"
        f"{extra}"
    )


def plugin_config(n: int, site: Path, content: Path) -> Path:
    """A site that publishes ``content`` with the plugin: Material, search, nothing else."""
    docs = site / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    config = site / "mkdocs.yml"
    plugins = f"plugins:\n  - search\n  - stratbook:\n      content_dir: {json.dumps(str(content))}\n"
    config.write_text(_config(f"Synthetic {n}", docs, site / "out", plugins), encoding="utf-8")
    return config


def _title(markdown: str, fallback: str) -> str:
    found = re.search(r'^title: "(.*)"$', markdown[:2000], re.MULTILINE)
    return json.loads(f'"{found.group(1)}"') if found else fallback


def floor_config(n: int, site: Path, exported: Path) -> tuple[Path, int]:
    """The same configuration without the plugin, over the same pages holding a title and one line each."""
    docs = site / "docs"
    pages = 0
    for page in sorted(exported.rglob("*.md")):
        relative = page.relative_to(exported)
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        # Every page is a folder's index.md: the folder names it.
        name = relative.parent.name if relative.stem == "index" and relative.parent.name else relative.stem
        title = _title(page.read_text(encoding="utf-8"), name)
        target.write_text(f"---\ntitle: {json.dumps(title)}\n---\n\n# {name}\n\nOne line.\n", "utf-8")
        pages += 1
    config = site / "mkdocs.yml"
    extra = "plugins:\n  - search\nnav: " + json.dumps(_nav_tree()) + "\n"
    config.write_text(_config(f"Synthetic {n}", docs, site / "out", extra), encoding="utf-8")
    return config, pages


def _largest(folder: Path, pattern: str) -> tuple[tuple[str, int] | None, float]:
    """The largest file matching ``pattern`` under ``folder`` (relative path, bytes) and the total in MB."""
    sizes = [(p.stat().st_size, p.relative_to(folder).as_posix()) for p in folder.rglob(pattern) if p.is_file()]
    if not sizes:
        return None, 0.0
    size, path = max(sizes)
    return (path, size), sum(s for s, _ in sizes) / MB


def mkdocs_build(config: Path) -> Run:
    """One clean `mkdocs build --strict` of ``config`` (its site folder removed first)."""
    shutil.rmtree(config.parent / "out", ignore_errors=True)
    return run_measured([*MKDOCS, "build", "--quiet", "--strict", "--config-file", str(config)], config.parent)


def measure_build(n: int, work: Path, repeat: int) -> BuildRow:
    row = BuildRow(n)
    content = work / f"build-{n}"
    synthetic.generate(content, n)

    # What `stratbook export markdown` writes: the bytes the plugin adds for every page.
    exported = work / f"export-{n}"
    done = run_measured([*STRATBOOK, "export", "markdown", str(exported), "--content", str(content)], work)
    if done.returncode != 0:
        row.notes.append(f"`stratbook export markdown` failed (exit {done.returncode}): {done.output[-600:]}")
        return row
    row.largest_markdown, row.markdown_mb = _largest(exported, "*.md")

    floor, row.pages = floor_config(n, work / f"floor-{n}", exported)
    shutil.rmtree(exported, ignore_errors=True)
    config = plugin_config(n, work / f"site-{n}", content)
    # Alternate floor and build, keep the best of each: both see the same machine.
    floor_runs, build_runs = [], []
    for _ in range(repeat):
        floor_runs.append(mkdocs_build(floor))
        build_runs.append(mkdocs_build(config))
    for what, runs in (("floor build", floor_runs), ("plugin build", build_runs)):
        failed = [r for r in runs if r.returncode != 0]
        if failed:
            row.notes.append(f"{what} failed (exit {failed[0].returncode}): {failed[0].output[-600:]}")
    good_floor = [r for r in floor_runs if r.returncode == 0]
    good_build = [r for r in build_runs if r.returncode == 0]
    if good_floor:
        row.floor_s = min(r.seconds for r in good_floor)
        row.floor_peak_mb = max(r.peak_mb for r in good_floor)
    if good_build:
        row.build_s = min(r.seconds for r in good_build)
        row.peak_mb = max(r.peak_mb for r in good_build)
        out = config.parent / "out"
        row.largest_html, row.html_mb = _largest(out, "*.html")
        index = out / "search" / "search_index.json"
        row.search_index_mb = index.stat().st_size / MB if index.is_file() else None
    shutil.rmtree(work / f"floor-{n}", ignore_errors=True)
    shutil.rmtree(config.parent, ignore_errors=True)
    shutil.rmtree(content, ignore_errors=True)
    return row


# -- (3) the preview ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


@contextlib.contextmanager
def _server(command: Sequence[str], cwd: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as sink:
        process = subprocess.Popen(list(command), cwd=cwd, stdout=sink, stderr=subprocess.STDOUT, env=ENV)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until(predicate: Callable[[], bool], timeout: float, poll: float = 0.05) -> float | None:
    """Seconds (perf_counter) at which ``predicate`` first held, or None after ``timeout``."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if predicate():
            return time.perf_counter()
        time.sleep(poll)
    return None


def measure_preview(n: int, work: Path, timeout: float) -> PreviewRow:
    """Serve a playbook, edit one key result, time until every page that shows it is served updated."""
    row = PreviewRow(n, command="mkdocs " + " ".join(PREVIEW_COMMAND))
    content = work / f"preview-{n}"
    synthetic.generate(content, n)
    objective, key_result, plan = "obj-00001", "obj-00001-kr-0", "plan-0000"
    config = plugin_config(n, work / f"preview-site-{n}", content)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    pages = [f"objectives/{objective}/", f"plans/{plan}/"]
    row.pages_checked = pages
    command = [*MKDOCS, *PREVIEW_COMMAND, "--config-file", str(config), "--dev-addr", f"127.0.0.1:{port}"]
    log = work / f"preview-{n}.log"
    start = time.perf_counter()
    with _server(command, config.parent, log) as server:
        up = _wait_until(lambda: _fetch(base + pages[0]) is not None or server.poll() is not None, timeout)
        if up is None or server.poll() is not None:
            row.notes.append(f"`{row.command}` did not serve the site: {log.read_text('utf-8', 'replace')[-600:]}")
            return row
        row.first_build_s = up - start
        time.sleep(2)  # let the server settle (file watchers, the first livereload poll)
        value, shown = "987654.5", "987,654.5"
        before = [_fetch(base + page) or "" for page in pages]
        if any(shown in text for text in before):
            row.notes.append("the new value is on the pages before the edit: pick another value")
            return row
        edit = run_measured(
            [*STRATBOOK, "update", "kr", key_result, "--current", value, "--date", "2026-09-30",
             "--content", str(content)],
            work,
        )
        edited = time.perf_counter()
        if edit.returncode != 0:
            row.notes.append(f"`stratbook update kr` failed (exit {edit.returncode}): {edit.output[-600:]}")
            return row
        served = _wait_until(lambda: all(shown in (_fetch(base + page) or "") for page in pages), timeout)
        if served is None:
            tail = log.read_text("utf-8", "replace")[-600:]
            row.notes.append(f"the edit was not served within {timeout:.0f} s: {tail}")
            return row
        row.update_s = served - edited
    shutil.rmtree(config.parent, ignore_errors=True)
    shutil.rmtree(content, ignore_errors=True)
    return row


# -- the report -----------------------------------------------------------------------------------


def _fmt(value: float | None, digits: int) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def _page(found: tuple[str, int] | None) -> str:
    return "n/a" if found is None else f"{found[1] / MB:.2f} MB ({found[0]})"


def figures_tables(builds: Sequence[BuildRow], checks: Sequence[CheckRow], previews: Sequence[PreviewRow]) -> str:
    lines = [
        "| objectives | pages | floor s | build s | build / floor | build peak MB | generated MB | "
        "largest generated page | built HTML MB | search index MB | built KB / objective | largest built page |",
        "|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    for b in builds:
        lines.append(
            f"| {b.n:,} | {b.pages:,} | {_fmt(b.floor_s, 2)} | {_fmt(b.build_s, 2)} | {_fmt(b.floor_ratio, 2)} | "
            f"{_fmt(b.peak_mb, 0)} | {_fmt(b.markdown_mb, 1)} | {_page(b.largest_markdown)} | {_fmt(b.html_mb, 1)} | "
            f"{_fmt(b.search_index_mb, 1)} | {_fmt(b.kb_per_objective, 1)} | {_page(b.largest_html)} |"
        )
    lines += [
        "",
        "| objectives | files | YAML MB | C loader s | check s | check / C loader | "
        "`stratbook check` end to end s | its peak MB | errors | warnings |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for c in checks:
        lines.append(
            f"| {c.n:,} | {c.files} | {c.yaml_mb:.1f} | {_fmt(c.c_load_s, 3)} | {_fmt(c.check_s, 3)} | "
            f"{_fmt(c.c_ratio, 2)} | {_fmt(c.check_cli_s, 2)} | {_fmt(c.check_cli_peak_mb, 0)} | "
            f"{c.errors} | {c.warnings} |"
        )
    if previews:
        lines += ["", "| objectives | preview command | first build s | one key-result edit served s |",
                  "|---:|---|---:|---:|"]
        for p in previews:
            lines.append(f"| {p.n:,} | `{p.command}` | {_fmt(p.first_build_s, 2)} | {_fmt(p.update_s, 2)} |")
    return "\n".join(lines)


@dataclass
class Goal:
    name: str
    target: str
    value: float | None
    limit: float
    digits: int = 2
    strict_less: bool = False

    @property
    def status(self) -> str:
        if self.value is None:
            return "n/a"
        ok = self.value < self.limit if self.strict_less else self.value <= self.limit
        return "PASS" if ok else "FAIL"


def goals(builds: Sequence[BuildRow], checks: Sequence[CheckRow], previews: Sequence[PreviewRow]) -> list[Goal]:
    found: list[Goal] = []
    if builds:
        small, big = builds[0], builds[-1]
        found.append(Goal(f"build({small.n:,}) / floor({small.n:,})", "<= 2.5", small.floor_ratio, 2.5))
        if big is not small:
            limit = 11 * big.n / small.n / 10
            found.append(Goal(f"build({big.n:,}) / build({small.n:,})", f"<= {limit:g}",
                              _ratio(big.build_s, small.build_s), limit))
        found.append(Goal(f"peak memory of the {big.n:,} build (MB)", "< 2,048", big.peak_mb, 2048, 0, True))
        largest = max(
            (s for b in builds for s in (b.largest_markdown, b.largest_html) if s is not None),
            key=lambda s: s[1],
            default=None,
        )
        found.append(Goal("largest page, generated or built (MB)", "<= 2", None if largest is None else
                          largest[1] / MB, 2.0))
        found.append(Goal(f"built HTML per objective at {big.n:,}, search index included (KB)", "<= 50",
                          big.kb_per_objective, 50, 1))
    if checks:
        small_c, big_c = checks[0], checks[-1]
        found.append(Goal(f"check({small_c.n:,}) / C loader({small_c.n:,})", "<= 2", small_c.c_ratio, 2.0))
        if big_c is not small_c:
            limit = 22 * big_c.n / small_c.n / 20
            found.append(Goal(f"check({big_c.n:,}) / check({small_c.n:,})", f"<= {limit:g}",
                              _ratio(big_c.check_s, small_c.check_s), limit))
        found.append(Goal(f"`stratbook check` peak memory at {big_c.n:,} (MB)", "< 1,024",
                          big_c.check_cli_peak_mb, 1024, 0, True))
    for p in previews:
        full = next((b.build_s for b in builds if b.n == p.n), None)
        found.append(Goal(f"preview of one key-result edit at {p.n:,} / full build", "<= 0.3",
                          _ratio(p.update_s, full), 0.3))
    return found


def goals_table(found: Sequence[Goal]) -> str:
    lines = ["| goal | target | measured | result |", "|---|---:|---:|---|"]
    for g in found:
        lines.append(f"| {g.name} | {g.target} | {_fmt(g.value, g.digits)} | {g.status} |")
    return "\n".join(lines)


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"`{text}` is not a comma-separated list of sizes like 1000,10000") from None
    if min(sizes, default=1) < 1:
        raise argparse.ArgumentTypeError("sizes are positive whole numbers")
    return tuple(sorted(sizes))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark stratbook check, the site build and the preview.")
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run of every measure")
    parser.add_argument("--build-sizes", type=_sizes, default=None, metavar="N,N",
                        help="playbook sizes to build (default 1000,10000; empty: no build)")
    parser.add_argument("--check-sizes", type=_sizes, default=None, metavar="N,N",
                        help="playbook sizes to check (default 1000,20000; empty: no check)")
    parser.add_argument("--no-preview", action="store_true", help="skip the preview measure")
    parser.add_argument("--repeat", type=int, default=2, help="runs per timing at the smaller sizes, best kept")
    parser.add_argument("--preview-timeout", type=float, default=600.0, help="seconds to wait for the server")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    build_sizes = args.build_sizes if args.build_sizes is not None else (
        QUICK_BUILD_SIZES if args.quick else BUILD_SIZES)
    check_sizes = args.check_sizes if args.check_sizes is not None else (
        QUICK_CHECK_SIZES if args.quick else CHECK_SIZES)
    preview_size = build_sizes[0] if build_sizes else PREVIEW_SIZE

    load_c, loader_note = c_loader()
    print(f"Python {platform.python_version()} on {platform.machine()} {platform.system()}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    print(f"C loader: {loader_note}")
    print()

    builds: list[BuildRow] = []
    checks: list[CheckRow] = []
    previews: list[PreviewRow] = []
    with tempfile.TemporaryDirectory(prefix="stratbook-bench-") as tmp:
        work = Path(tmp)
        for n in check_sizes:
            print(f"check N={n}...", file=sys.stderr, flush=True)
            # The small check takes a second or two: more runs keep a busy moment from setting the ratio.
            checks.append(measure_check(n, work, load_c, max(args.repeat, 5) if n <= 5000 else 2))
        for n in build_sizes:
            print(f"build N={n}...", file=sys.stderr, flush=True)
            builds.append(measure_build(n, work, args.repeat if n <= 5000 else 1))
        if not args.no_preview and build_sizes:
            print(f"preview N={preview_size}...", file=sys.stderr, flush=True)
            previews.append(measure_preview(preview_size, work, args.preview_timeout))
    found = goals(builds, checks, previews)

    print(figures_tables(builds, checks, previews))
    print()
    print(goals_table(found))
    rows: list[BuildRow | CheckRow | PreviewRow] = [*builds, *checks, *previews]
    for row in rows:
        for note in row.notes:
            print(f"\nN={row.n}: {note}")
    if args.json is not None:
        document = {
            "python": platform.python_version(),
            "c_loader": loader_note,
            "builds": [{**asdict(b), "floor_ratio": b.floor_ratio, "kb_per_objective": b.kb_per_objective}
                       for b in builds],
            "checks": [{**asdict(c), "c_ratio": c.c_ratio} for c in checks],
            "previews": [asdict(p) for p in previews],
            "goals": [{"name": g.name, "target": g.target, "value": g.value, "result": g.status} for g in found],
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0 if all(g.status == "PASS" for g in found) else 1


if __name__ == "__main__":
    raise SystemExit(main())
