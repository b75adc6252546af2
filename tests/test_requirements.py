"""The dependency files: compiled with hashes by pip-tools, test and lint tools apart from the runtime."""

from __future__ import annotations

import re

import pytest

from bot.settings import PROJECT_ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
DEV_TOOLS = {"pytest", "ruff", "playwright"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(name: str) -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) of a compiled requirements file."""
    found: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in (PROJECT_ROOT / name).read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = canonical(match.group(1))
            found[current] = (match.group(2), [])
        if current and "--hash=sha256:" in line:
            found[current][1].extend(re.findall(r"--hash=sha256:([0-9a-f]{64})", line))
        if not line.startswith((" ", "\t")) and not match:
            current = None
    return found


def direct_pins(name: str) -> dict[str, str]:
    """name -> version of the `==` pins of a requirements.in file."""
    pins = {}
    for line in (PROJECT_ROOT / name).read_text().splitlines():
        match = PIN.match(line.split("#")[0].strip())
        if match:
            pins[canonical(match.group(1))] = match.group(2)
    return pins


def requirement_lines(name: str) -> list[str]:
    text = (PROJECT_ROOT / name).read_text().replace("\\\n", " ")
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt"])
def test_every_requirement_is_pinned_with_a_hash(name):
    lines = requirement_lines(name)
    assert lines
    for line in lines:
        assert PIN.match(line.strip()), f"{name}: not pinned with ==: {line}"
        assert "--hash=sha256:" in line, f"{name}: no hash: {line}"


def test_the_runtime_has_no_test_or_lint_tools_and_the_dev_file_has_them():
    assert not DEV_TOOLS & set(requirements("requirements.txt"))
    assert DEV_TOOLS <= set(requirements("requirements-dev.txt"))


def test_the_direct_dependencies_are_pinned_and_compiled_as_pinned():
    runtime, dev = requirements("requirements.txt"), requirements("requirements-dev.txt")
    for in_file, compiled in (("requirements.in", runtime), ("requirements-dev.in", dev)):
        for name, version in direct_pins(in_file).items():
            assert compiled[name][0] == version, f"{name} in {in_file}"
    assert {"alembic", "rasa", "rasa-sdk"} <= set(direct_pins("requirements.in"))
    assert DEV_TOOLS <= set(direct_pins("requirements-dev.in"))


def test_protobuf_stays_where_tensorflow_2_12_works():
    assert requirements("requirements.txt")["protobuf"][0] == "4.23.3"


def test_a_package_in_both_files_is_the_same_version_with_the_same_hashes():
    runtime, dev = requirements("requirements.txt"), requirements("requirements-dev.txt")
    for name in set(runtime) & set(dev):
        assert runtime[name][0] == dev[name][0], name
        assert set(runtime[name][1]) == set(dev[name][1]), name
