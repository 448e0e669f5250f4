"""The lock file pins, with hashes, a version of every dependency that pyproject.toml asks for, and the
environment the tests run in is the locked one (``make venv`` installs it with ``--require-hashes``)."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import PROJECT

LOCK = PROJECT / "requirements.lock"
_PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)")


def locked() -> dict[str, tuple[str, int]]:
    """Package → (version, number of hashes) from the lock file."""
    pins: dict[str, tuple[str, int]] = {}
    current = None
    for line in LOCK.read_text("utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            pins[current] = (match.group(2), 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def requirements() -> list[Requirement]:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text("utf-8"))["project"]
    return [Requirement(r) for r in [*project["dependencies"], *project["optional-dependencies"]["dev"]]]


def test_python_floor_is_311() -> None:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["requires-python"] == ">=3.11"
    assert project["tool"]["ruff"]["target-version"] == "py311"


def test_every_dependency_is_locked_with_hashes() -> None:
    pins = locked()
    assert pins and all(hashes >= 1 for _, hashes in pins.values())
    for requirement in requirements():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is in pyproject.toml but not in requirements.lock: run make lock"
        assert requirement.specifier.contains(pins[name][0], prereleases=True), (name, pins[name][0])


@pytest.mark.parametrize("name", ["mkdocs", "mkdocs-material", "properdocs", "opencc", "lunr", "frictionless"])
def test_the_test_environment_is_the_locked_one(name: str) -> None:
    assert metadata.version(name) == locked()[name][0], f"{name}: run make venv"


def test_the_unofficial_opencc_is_gone() -> None:
    assert "opencc-python-reimplemented" not in locked()
    with pytest.raises(metadata.PackageNotFoundError):
        metadata.version("opencc-python-reimplemented")
