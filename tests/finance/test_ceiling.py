"""An agreement's spend against its ceiling (finance/ceiling.py); the spend itself is
finance's accrual, tested in tests/finance and through the ceiling alert."""

from registry.finance.ceiling import WARN_SHARE, CeilingUse


def test_without_a_ceiling_there_is_no_share_and_no_warning():
    assert CeilingUse(5_000_000, None).percent is None
    assert CeilingUse(5_000_000, 0).level == "neutral"


def test_the_share_is_whole_per_cent_rounded_down():
    assert CeilingUse(7_999_999, 10_000_000).percent == 79
    assert CeilingUse(15_000_000, 10_000_000).percent == 150


def test_the_level_warns_from_the_warn_share_and_is_bad_at_the_ceiling():
    ceiling = 10_000_000
    assert WARN_SHARE == 80
    assert CeilingUse(7_999_999, ceiling).level == "ok"
    assert CeilingUse(8_000_000, ceiling).level == "warn"
    assert CeilingUse(9_999_999, ceiling).level == "warn"
    assert CeilingUse(10_000_000, ceiling).level == "bad"
