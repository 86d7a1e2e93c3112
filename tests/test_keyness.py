"""Keyness on a 2x2 table worked by hand."""

import math

import pytest

from pipeline.keyness import chi2_sf_1df, keyness, keyness_arrays


def test_keyness_2x2_by_hand():
    # a = 10 in a target of 1,000 words, b = 20 in a reference of 4,000 words.
    # c = 990, d = 3,980, N = 5,000; row totals 30 and 4,970.
    # E(a) = 30*1000/5000 = 6, E(b) = 30*4000/5000 = 24,
    # E(c) = 4970*1000/5000 = 994, E(d) = 4970*4000/5000 = 3976.
    # G2 = 2 [10 ln(10/6) + 20 ln(20/24) + 990 ln(990/994) + 3980 ln(3980/3976)]
    #    = 2 [5.108256 - 3.646431 - 3.991968 + 4.002012] = 2.943791
    # chi2 = 5000 (10*3980 - 20*990)^2 / (30 * 4970 * 1000 * 4000)
    #      = 5000 * 20000^2 / 5.964e11 = 3.353454
    # log ratio = log2((10/1000) / (20/4000)) = log2(0.01 / 0.005) = 1
    # p = P(chi2_1 > 2.943791) = erfc(sqrt(2.943791 / 2)) = 0.086208
    k = keyness(10, 20, 1000, 4000)
    assert k["g2"] == pytest.approx(2.943791, abs=1e-6)
    assert k["chi2"] == pytest.approx(3.353454, abs=1e-6)
    assert k["log_ratio"] == pytest.approx(1.0)
    assert k["p"] == pytest.approx(0.086208, abs=1e-6)


def test_negative_keyword_with_zero_count():
    # a = 0 of 1,000, b = 20 of 4,000: under-used, so G2 and chi2 are negative.
    # E(a) = 20*1000/5000 = 4, E(b) = 16, E(c) = 996, E(d) = 3984; the a cell adds 0 (0 ln 0 = 0).
    # G2 = 2 [20 ln(20/16) + 1000 ln(1000/996) + 3980 ln(3980/3984)]
    #    = 2 [4.462871 + 4.008021 - 3.997991] = 8.945802 -> -8.945802
    # chi2 = 5000 (0*3980 - 20*1000)^2 / (20 * 4980 * 1000 * 4000) = 5.020080 -> -5.020080
    # log ratio with 0.5 for the zero: log2((0.5/1000) / (20/4000)) = log2(0.1) = -3.321928
    k = keyness(0, 20, 1000, 4000)
    assert k["g2"] == pytest.approx(-8.945802, abs=1e-6)
    assert k["chi2"] == pytest.approx(-5.020080, abs=1e-6)
    assert k["log_ratio"] == pytest.approx(math.log2(0.1))
    assert k["p"] == pytest.approx(math.erfc(math.sqrt(8.945802 / 2)), abs=1e-7)


def test_equal_rates_give_zero():
    k = keyness(5, 20, 1000, 4000)  # 5/1000 == 20/4000
    assert k["g2"] == pytest.approx(0, abs=1e-9) and k["chi2"] == pytest.approx(0, abs=1e-12)
    assert k["log_ratio"] == 0 and k["p"] == pytest.approx(1.0)


def test_chi2_survival_function_critical_values():
    assert chi2_sf_1df(3.841459) == pytest.approx(0.05, abs=1e-6)
    assert chi2_sf_1df(6.634897) == pytest.approx(0.01, abs=1e-6)
    assert chi2_sf_1df(10.827566) == pytest.approx(0.001, abs=1e-7)
    assert chi2_sf_1df(0) == 1.0


def test_vectorised_matches_scalar():
    out = keyness_arrays([10, 0, 3], [20, 20, 0], 1000, 4000)
    for i, (a, b) in enumerate([(10, 20), (0, 20), (3, 0)]):
        k = keyness(a, b, 1000, 4000)
        for name in ("g2", "chi2", "log_ratio", "p"):
            assert out[name][i] == pytest.approx(k[name])
