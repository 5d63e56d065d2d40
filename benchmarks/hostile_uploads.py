"""Measure converting hostile papers: the time and memory each costs, against an honest paper.

    .venv/bin/python benchmarks/hostile_uploads.py [--runs 3]

Each paper (made on the spot by tests/papers/hostile.py, never kept) is
converted as a submitted paper is (committee.papers.convert: a child process
with limits on CPU, memory, time and output). For each it prints the wall
time and the child's peak memory, and their ratio to the floor measured in
the same run: converting an honest one-page PDF the same way. Sizes go 1x,
10x and 100x where the file allows (the Flate bomb's 100x would be a 100 MB
upload, ten times what a paper may be, so it stops at 10x).

Every case must finish within the limits (Limits.seconds of wall time,
Limits.memory_bytes of address space); the script exits 1 if one does not.
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from committee.papers.convert import DEFAULT_LIMITS  # noqa: E402
from tests.papers import hostile  # noqa: E402

CASES = {
    "honest PDF, 1 page (the floor)": (lambda: hostile.plain_pdf(pages=1), "paper.pdf"),
    "honest PDF, 10 pages": (lambda: hostile.plain_pdf(pages=10), "paper.pdf"),
    "honest PDF, 100 pages": (lambda: hostile.plain_pdf(pages=100), "paper.pdf"),
    "honest Word paper with an image": (
        lambda: hostile.docx(["A paragraph. " * 40] * 20, image=True),
        "paper.docx",
    ),
    "no page size": (hostile.pdf_without_media_box, "paper.pdf"),
    "AES-128, empty password": (hostile.protected_pdf, "paper.pdf"),
    "Rotate (abc)": (hostile.pdf_with_bad_rotation, "paper.pdf"),
    "JavaScript and Launch actions": (hostile.pdf_with_actions, "paper.pdf"),
    "Flate bomb, 1 GiB": (lambda: hostile.flate_bomb_pdf(1024**3), "paper.pdf"),
    "Flate bomb, 10 GiB": (lambda: hostile.flate_bomb_pdf(10 * 1024**3), "paper.pdf"),
    "Word file of 7 MiB of whitespace": (lambda: hostile.whitespace_docx(7 * 2**20), "p.docx"),
    "Word file of 16 MiB of whitespace": (lambda: hostile.whitespace_docx(16 * 2**20), "p.docx"),
    "Word file of 160 MiB of whitespace": (lambda: hostile.whitespace_docx(160 * 2**20), "p.docx"),
    "Word file of 1.6 GiB of whitespace": (
        lambda: hostile.whitespace_docx(1600 * 2**20),
        "p.docx",
    ),
}

#: Run in a process of its own, so that its only child is the conversion measured.
HARNESS = """
import json, resource, sys, time
from committee.papers.convert import convert_paper
content = sys.stdin.buffer.read()
started = time.perf_counter()
done = convert_paper(content, sys.argv[1], title="Benchmark")
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"seconds": seconds, "peak": peak, "pages": done.pages, "problem": done.problem}))
"""


def measure(content: bytes, filename: str) -> dict[str, object]:
    finished = subprocess.run(
        [sys.executable, "-c", HARNESS, filename],
        input=content,
        capture_output=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(finished.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per case; the fastest counts")
    arguments = parser.parse_args()
    results = {}
    for name, (make, filename) in CASES.items():
        content = make()
        runs = [measure(content, filename) for _ in range(arguments.runs)]
        best = min(runs, key=lambda run: float(run["seconds"]))  # type: ignore[arg-type]
        results[name] = (len(content), best)
    floor_seconds = float(results["honest PDF, 1 page (the floor)"][1]["seconds"])  # type: ignore[arg-type]
    floor_peak = float(results["honest PDF, 1 page (the floor)"][1]["peak"])  # type: ignore[arg-type]
    limit_mib = DEFAULT_LIMITS.memory_bytes / 2**20
    print(
        f"Limits: {DEFAULT_LIMITS.seconds:.0f} s wall, {DEFAULT_LIMITS.cpu_seconds} s CPU, "
        f"{limit_mib:.0f} MiB of address space\n"
    )
    print(
        f"{'paper':<38} {'upload':>10} {'seconds':>8} {'x floor':>8} {'peak MiB':>9} "
        f"{'x floor':>8}  outcome"
    )
    within = True
    for name, (size, best) in results.items():
        seconds, peak = float(best["seconds"]), float(best["peak"])  # type: ignore[arg-type]
        outcome = (
            f"{best['pages']} pages" if not best["problem"] else f"stand-in: {best['problem']}"
        )
        within &= seconds <= DEFAULT_LIMITS.seconds and peak <= DEFAULT_LIMITS.memory_bytes
        print(
            f"{name:<38} {size / 1024:>8.0f} KB {seconds:>8.2f} {seconds / floor_seconds:>8.1f} "
            f"{peak / 2**20:>9.0f} {peak / floor_peak:>8.1f}  {outcome}"
        )
    print("\nEvery case within the limits." if within else "\nA case went past the limits.")
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
