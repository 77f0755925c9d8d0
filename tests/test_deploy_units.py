"""The systemd units in docs/deploy parse, restart whatever ends them, and stay hardened."""

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[1] / "docs" / "deploy"
UNITS = ("registry-web.service", "registry-scheduler.service")
HARDENING = {"NoNewPrivileges": "true", "PrivateTmp": "true", "ProtectSystem": "strict",
             "ProtectHome": "true", "CapabilityBoundingSet": ""}

pytestmark = pytest.mark.no_db


def _unit(name):
    parser = configparser.ConfigParser(interpolation=None, strict=True,
                                       comment_prefixes=("#", ";"), delimiters=("=",))
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((DEPLOY / name).read_text(encoding="utf-8"))
    return parser


def _environment_file():
    lines = (DEPLOY / "registry.env.example").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


@pytest.mark.parametrize("name", UNITS)
def test_a_unit_is_supervised_runs_as_its_own_user_and_is_hardened(name):
    unit = _unit(name)
    service = unit["Service"]
    assert service["Restart"] == "always"
    assert unit["Unit"]["StartLimitIntervalSec"] == "0"  # systemd never gives up restarting
    assert service["User"] == service["Group"] == "registry"
    assert service["EnvironmentFile"] == "/etc/registry/registry.env"
    assert service["WorkingDirectory"] == "/opt/registry"
    assert {key: service.get(key) for key in HARDENING} == HARDENING
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_the_web_unit_runs_gunicorn_and_may_write_only_the_upload_folder():
    service = _unit("registry-web.service")["Service"]
    assert service["ExecStart"].startswith("/opt/registry/.venv/bin/gunicorn ")
    assert service["ExecStart"].endswith(" wsgi:app")
    assert service["ReadWritePaths"] == _environment_file()["REGISTRY_UPLOAD_DIR"]


def test_the_scheduler_unit_runs_the_one_scheduler_command_and_writes_nothing():
    service = _unit("registry-scheduler.service")["Service"]
    assert service["ExecStart"] == "/opt/registry/.venv/bin/flask --app wsgi registry scheduler"
    assert "ReadWritePaths" not in service
    assert int(service["TimeoutStopSec"]) >= 60  # a running job may end before the kill


def test_the_environment_file_is_a_production_one_without_a_secret():
    environment = _environment_file()
    assert environment["REGISTRY_ENV_NAME"] == "production"
    assert environment["REGISTRY_SECRET_KEY"] == ""  # production refuses to start without one
    assert all(key.startswith("REGISTRY_") for key in environment)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze missing")
def test_systemd_accepts_the_units(tmp_path):
    """`systemd-analyze verify` with the programs under /opt (not installed here) replaced
    by /bin/true; an unknown key or a bad value is a warning it prints, so any output fails."""
    for name in UNITS:
        text = (DEPLOY / name).read_text(encoding="utf-8")
        for program in ("gunicorn", "flask"):
            text = text.replace(f"/opt/registry/.venv/bin/{program}", "/bin/true")
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", *(str(tmp_path / n) for n in UNITS)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), \
        result.stdout + result.stderr


def test_the_environment_file_passes_production_validation_once_a_secret_is_filled_in():
    """What the file says is enough to start: every setting production requires is there."""
    from registry.config import ConfigError, load_settings

    environment = _environment_file()
    with pytest.raises(ConfigError):
        load_settings(environ=environment)  # as shipped: no secret key yet
    settings = load_settings(environ={**environment, "REGISTRY_SECRET_KEY": "x" * 64})
    assert settings["BASE_URL"] == "https://registret.example.se"
