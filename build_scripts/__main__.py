"""Command line: ``python -m build_scripts extract FILE...`` and ``python -m build_scripts convert``.

The edge where errors become messages: every file is read, extracted and checked on its own,
and whatever goes wrong with one (refused input, or a bug, reported as an internal error
naming the file) is a message on standard error and an ``error`` object in the output, never
a traceback, and the other files are still done. Exit status of ``extract``: 0 when every
file gave a record, 2 when any was refused or failed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from build_scripts.errors import SourceError
from build_scripts.inputs.source_text import read_source, read_source_file
from build_scripts.schema import RecordError, validate_record

#: Exit status when input was refused (``extract``; ``convert`` says the same).
EXIT_REFUSED = 2


def _extract_one(path: Path) -> tuple[dict, bool]:
    from build_scripts.reader.extract import extract_record

    name = str(path)
    try:
        data = read_source_file(path, name)
        source = read_source(name, data)
        record = extract_record(source, file=name, sha256=hashlib.sha256(data).hexdigest())
        validate_record(record, name)
    except (SourceError, RecordError) as exc:
        return {"file": name, "error": str(exc)}, False
    except Exception as exc:  # a reader bug: this file's error, not the run's end
        return {"file": name, "error": internal_error(name, exc)}, False
    return record, True


def internal_error(name: str, exc: BaseException) -> str:
    """The message for an exception the reader did not expect (a bug), naming the file."""
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return f"{name}: internal error while reading this file ({what[:300]}); please report it"


def with_template_alias(record: dict) -> dict:
    """The record with ``template`` beside ``form``: tools written against schema 1 (and the shared
    scorer) read the form under its old name. Only the ``extract`` output carries the alias."""
    if "form" not in record:
        return record
    return {**record, "template": record["form"]}


def cmd_extract(args: argparse.Namespace) -> int:
    """One JSON object per file, in input order; an unreadable file's object carries ``error``."""
    ok_all = True
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        out.reconfigure(encoding="utf-8")
    for name in args.files:
        record, ok = _extract_one(Path(name))
        if not ok:
            print(record["error"], file=sys.stderr)
        ok_all &= ok
        out.write(json.dumps(with_template_alias(record), ensure_ascii=False, sort_keys=False) + "\n")
    return 0 if ok_all else EXIT_REFUSED


def cmd_convert(args: argparse.Namespace) -> int:
    from build_scripts.pages.convert import run_convert

    return run_convert(
        sources=Path(args.sources),
        content=Path(args.content),
        report=args.report,
        quiet=args.quiet,
        cache=None if args.no_cache else Path(args.cache),
        workers=args.jobs,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_scripts", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_extract = sub.add_parser("extract", help="print the record of each report as JSON Lines")
    p_extract.add_argument("files", nargs="+")
    p_extract.set_defaults(func=cmd_extract)
    p_convert = sub.add_parser("convert", help="convert sources/ into report pages in content/")
    p_convert.add_argument("--sources", default="sources", help="folder of raw reports (default: sources)")
    p_convert.add_argument("--content", default="content", help="MkDocs docs_dir (default: content)")
    p_convert.add_argument(
        "--report", default=None, help="write the machine-readable error report here (default: print only)"
    )
    p_convert.add_argument("--quiet", action="store_true", help="no progress bar")
    p_convert.add_argument(
        "--cache", default="build/convert-cache", help="conversion cache folder (default: build/convert-cache)"
    )
    p_convert.add_argument("--no-cache", action="store_true", help="convert every source again, keep no cache")
    p_convert.add_argument("--jobs", type=int, default=None, help="worker processes (default: every CPU)")
    p_convert.set_defaults(func=cmd_convert)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
