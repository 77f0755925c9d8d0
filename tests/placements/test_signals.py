"""report_saved reaches finance because create_app connects it, not because of an import."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHECK = textwrap.dedent("""
    import registry.finance.services.invoices
    import registry.finance.views
    import registry.placements.services
    from registry.placements.signals import report_saved

    assert not report_saved.receivers, "a receiver was connected by importing a module"

    from registry.app import create_app
    from registry.finance.services.invoices import reconcile_after_report

    config = {"ENV_NAME": "test", "DATABASE_URL": "sqlite://", "SECRET_KEY": "x" * 48}
    create_app(config)
    create_app(config)
    receivers = list(report_saved.receivers_for(object()))
    assert receivers == [reconcile_after_report], receivers
""")


@pytest.mark.no_db
def test_building_the_app_connects_the_finance_receiver_once():
    result = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True,
                            text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                            check=False)
    assert result.returncode == 0, result.stderr[-2000:]
