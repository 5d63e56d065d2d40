"""A built wheel is the whole service: it migrates a database and serves pages without a checkout."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"
    return result.stdout


def test_a_wheel_installed_in_a_fresh_environment_migrates_and_serves(tmp_path):
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--quiet",
        "-w",
        tmp_path / "dist",
        ROOT,
        cwd=tmp_path,
    )
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "wsgi.py",
        "committee/templates/base.html",
        "committee/people/templates/people/sign_in.html",
        "committee/static/vendor/govuk/app.css",  # built by `make setup` from scss
        "committee/migrations/env.py",
        "committee/migrations/script.py.mako",
        "committee/demo/data/work-programme-2018-19.tsv",
    } <= names
    assert len([n for n in names if n.startswith("committee/migrations/versions/")]) == len(
        list((ROOT / "migrations" / "versions").glob("*.py"))
    )

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    pip = venv / "bin" / "pip"
    run(
        pip,
        "install",
        "--quiet",
        "--require-hashes",
        "-r",
        ROOT / "requirements.lock",
        cwd=tmp_path,
    )
    run(pip, "install", "--quiet", "--no-deps", wheel, cwd=tmp_path)

    elsewhere = tmp_path / "elsewhere"  # no checkout here: only the installed package
    elsewhere.mkdir()
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'service.sqlite'}",
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "a-test-secret",
    }
    upgraded = run(venv / "bin" / "flask", "--app", "wsgi", "db", "upgrade", cwd=elsewhere, env=env)
    assert "Upgraded database" in upgraded
    served = run(
        venv / "bin" / "python",
        "-c",
        "import committee, wsgi; client = wsgi.app.test_client();"
        "print(committee.__file__);"
        "print(*(client.get(path).status_code for path in"
        " ('/', '/sign-in', '/lifecycle', '/static/vendor/govuk/app.css', '/api/openapi.json')))",
        cwd=elsewhere,
        env=env,
    )
    where, statuses = served.splitlines()
    assert str(venv) in where  # the wheel's copy, not this checkout
    assert statuses == "200 200 200 200 200"
