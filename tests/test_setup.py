"""The set-up finds Python 3.10 by itself and retrains only when training inputs change."""

import os
import shutil
import subprocess
from pathlib import Path

from bot.settings import PROJECT_ROOT
from bot.setup.training import fingerprint

FIND_PYTHON = PROJECT_ROOT / "bot" / "setup" / "find_python.sh"


def run_finder(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(FIND_PYTHON)], env=env, capture_output=True, text=True)


def test_finder_returns_a_python_310():
    result = run_finder(dict(os.environ))
    assert result.returncode == 0, result.stderr
    version = subprocess.run([result.stdout.strip(), "--version"], capture_output=True, text=True).stdout
    assert version.startswith("Python 3.10")


def test_finder_refuses_a_python_variable_that_is_not_310():
    result = run_finder({**os.environ, "PYTHON": shutil.which("true") or "/bin/true"})
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "Python 3.10" in result.stderr


def test_finder_says_what_to_install_when_there_is_no_310(tmp_path: Path):
    result = run_finder({"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "No Python 3.10 found: install one (e.g. 'pyenv install 3.10' or 'apt-get install python3.10') "
        "or set PYTHON=/path/to/python3.10."
    )


def copy_training_inputs(target: Path) -> None:
    for name in ("config.yml", "domain.yml"):
        shutil.copy(PROJECT_ROOT / name, target / name)
    for name in ("data/nlu", "data/rules", "data/stories", "data/topics"):
        shutil.copytree(PROJECT_ROOT / name, target / name)


def test_fingerprint_changes_only_when_training_inputs_change(tmp_path: Path):
    copy_training_inputs(tmp_path)
    before = fingerprint(tmp_path)
    (tmp_path / "README.md").write_text("not a training input")
    assert fingerprint(tmp_path) == before
    with open(tmp_path / "data" / "nlu" / "chitchat.yml", "a") as nlu:
        nlu.write("\n")
    assert fingerprint(tmp_path) != before


def run_install(tmp_path: Path, *arguments: str) -> list[str]:
    """bot/setup/install.sh in a copy of the project whose .venv/bin/python only records its pip calls."""
    for name in ("install.sh", "find_python.sh"):
        target = tmp_path / "bot" / "setup" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT_ROOT / "bot" / "setup" / name, target)
    for name in ("requirements.txt", "requirements-dev.txt", "requirements-models.txt"):
        (tmp_path / name).write_text(f"# {name}\n")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    calls = tmp_path / "pip-calls"
    python.write_text(
        "#!/usr/bin/env bash\n"
        'if [ "$1" = -c ]; then echo 3.10; exit 0; fi\n'  # the version checks
        f'echo "$*" >> {calls}\n'
    )
    python.chmod(0o755)
    env = {**os.environ, "PYTHON": str(python)}
    script = tmp_path / "bot" / "setup" / "install.sh"
    result = subprocess.run(["bash", str(script), *arguments], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return [line for line in calls.read_text().splitlines() if " install " in f" {line} "]


def test_the_set_up_installs_runtime_and_dev_requirements_checked_against_their_hashes(tmp_path: Path):
    installs = run_install(tmp_path)
    requirements = [call for call in installs if "-r requirements" in call]
    assert len(requirements) == 2
    assert all("--require-hashes" in call for call in requirements)
    assert "-r requirements.txt -r requirements-dev.txt" in requirements[0]


def test_the_runtime_image_installs_no_test_or_lint_tools(tmp_path: Path):
    installs = run_install(tmp_path, "--runtime-only")
    assert not any("requirements-dev.txt" in call for call in installs)
    assert any("--require-hashes -r requirements.txt" in call for call in installs)
