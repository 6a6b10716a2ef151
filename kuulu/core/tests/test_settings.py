"""manage.py works on a fresh clone with no configuration at all: the secret key is made once."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_manage_py_runs_on_a_fresh_checkout_without_any_environment(tmp_path):
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    shutil.copytree(
        ROOT / "kuulu", tmp_path / "kuulu", ignore=shutil.ignore_patterns("__pycache__", "*.mo")
    )
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)}

    def manage(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    first = manage("makemigrations", "--check", "--dry-run")
    assert first.returncode == 0, first.stderr[-2000:]
    assert "No changes detected" in first.stdout
    key = (tmp_path / "var" / "secret_key").read_text().strip()
    assert len(key) >= 50
    again = manage("check")
    assert again.returncode == 0, again.stderr[-2000:]
    assert (tmp_path / "var" / "secret_key").read_text().strip() == key  # made once, reused
