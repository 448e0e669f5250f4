"""Read a PDF in a child process that has a memory limit and a deadline.

pdfminer builds every character of a page as a Python object and inflates compressed
streams without a bound, so a hostile or merely enormous PDF can take gigabytes and
minutes. The reading therefore runs in a child Python process (``python -m
build_scripts.inputs.formats.pdf_process NAME``, the PDF's bytes on standard input, the
result as JSON on standard output) whose address space is capped at
:data:`PDF_MEMORY_BYTES` and which is killed after :data:`PDF_SECONDS`. Whatever the PDF
does to the child, the run that asked gets a :class:`SourceError` naming the file and
goes on with its other reports.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from build_scripts.errors import SourceError

#: Address space of the child (the interpreter and pdfplumber take ~150 MB of it).
PDF_MEMORY_BYTES = 1536 * 1024 * 1024
#: Wall-clock time for one PDF; real reports take 0.2–5 s.
PDF_SECONDS = 120
_PACKAGE_ROOT = Path(__file__).resolve().parents[3]


def memory_message() -> str:
    return f"reading the PDF needs more than {PDF_MEMORY_BYTES // (1024 * 1024)} MB of memory; not converted"


def check_pdf_header(data: bytes, name: str) -> None:
    """:class:`SourceError` unless ``data`` starts like a PDF (before any reader is started)."""
    if not data.lstrip()[:5] == b"%PDF-":
        raise SourceError(name, "is not a PDF (no %PDF- header)")


def _limit_memory() -> None:
    """Cap the child's own address space (it runs this first; a parent's lower cap stays)."""
    try:
        import resource
    except ImportError:  # not a POSIX system: no cap, the deadline still holds
        return

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = PDF_MEMORY_BYTES if hard == resource.RLIM_INFINITY else min(PDF_MEMORY_BYTES, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_PACKAGE_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def pdf_to_text_bounded(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    """(report text, warnings) of the PDF ``data``, read in a bounded child process.

    Raises :class:`SourceError` naming ``name`` for every way the reading can fail: not a
    PDF, corrupt, encrypted, a scan, too many pages, too much memory, too much time.
    """
    check_pdf_header(data, name)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "build_scripts.inputs.formats.pdf_process", name],
            input=data,
            capture_output=True,
            timeout=PDF_SECONDS,
            env=_child_env(),
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SourceError(name, f"reading the PDF took longer than {PDF_SECONDS} s; not converted") from None
    except OSError as exc:
        raise SourceError(name, f"cannot start the PDF reader ({exc.strerror})") from None
    try:
        answer = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        answer = None
    if not isinstance(answer, dict):
        return _died(name, done)
    if "error" in answer:
        raise SourceError(name, str(answer["error"]))
    return str(answer["text"]), tuple(str(warning) for warning in answer.get("warnings", ()))


def _died(name: str, done: subprocess.CompletedProcess[bytes]) -> tuple[str, tuple[str, ...]]:
    if b"MemoryError" in done.stderr or done.returncode == -9:
        raise SourceError(name, memory_message())
    last = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
    raise SourceError(name, f"the PDF reader failed ({last[0][:200]}); not converted")


def _child(name: str) -> int:
    """Read the PDF on standard input; write {"text", "warnings"} or {"error"} as JSON."""
    _limit_memory()
    data = sys.stdin.buffer.read()
    from build_scripts.inputs.formats.pdf import pdf_to_text

    try:
        answer: dict[str, object] = {"text": pdf_to_text(data, name), "warnings": []}
    except SourceError as exc:
        answer = {"error": exc.message}
    except MemoryError:
        answer = {"error": memory_message()}
    except RecursionError:
        answer = {"error": "is a corrupt PDF (objects nested too deeply)"}
    except Exception as exc:  # pdfminer fails in many ways on malformed files
        answer = {"error": f"the PDF reader failed on this file ({type(exc).__name__}: {str(exc)[:200]})"}
    sys.stdout.buffer.write(json.dumps(answer, ensure_ascii=False).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1]))
