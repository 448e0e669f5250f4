"""Command line: ``python -m build_scripts extract FILE...`` and ``python -m build_scripts convert``."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from build_scripts.errors import SourceError
from build_scripts.inputs.source_text import read_source
from build_scripts.reader.extract import extract_record
from build_scripts.schema import RecordError, validate_record


def _extract_one(path: Path) -> tuple[dict, bool]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return {"file": str(path), "error": f"{path}: cannot read ({exc.strerror})"}, False
    try:
        source = read_source(str(path), data)
    except SourceError as exc:
        return {"file": str(path), "error": str(exc)}, False
    record = extract_record(source, file=str(path), sha256=hashlib.sha256(data).hexdigest())
    try:
        validate_record(record, str(path))
    except RecordError as exc:
        return {"file": str(path), "error": str(exc)}, False
    return record, True


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
    return 0 if ok_all else 1


def cmd_convert(args: argparse.Namespace) -> int:
    from build_scripts.pages.convert import run_convert

    return run_convert(
        sources=Path(args.sources), content=Path(args.content), report=args.report, quiet=args.quiet
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
    p_convert.set_defaults(func=cmd_convert)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
