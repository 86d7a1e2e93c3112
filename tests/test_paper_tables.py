"""Key tables for papers (LaTeX/Markdown): their content, read off the real corpus."""

from __future__ import annotations

import pytest

from pipeline import tables, textstats


@pytest.fixture(scope="module")
def results(built_textstats):
    return built_textstats


def test_top_keywords_lead_with_the_defence_statement_s_own_name(results):
    df, caption = textstats.paper_tables(results)["top_keywords"]
    first = df.iloc[0].to_dict()
    # "ADMM-Plus" 20 times in the statement, never elsewhere: G2 42.799, Log Ratio 6.233.
    assert (first["Document"], first["Term"], first["In document"], first["In rest"]) == (
        "admm_plus_joint_statement_2025", "admm-plus", 20, 0)
    assert first["G2"] == pytest.approx(42.799, abs=1e-3)
    assert first["Log Ratio"] == pytest.approx(6.233, abs=1e-3)
    assert list(df.groupby("Document").size()) == [10, 10, 10]
    assert "Log Ratio" in caption


def test_dictionary_table_is_documents_by_categories(results):
    df, _ = textstats.paper_tables(results)["dictionary_scores"]
    assert list(df["Document"]) == ["admm_plus_joint_statement_2025", "asean_wps_summit_2025", "rsis_wps_mutual_aid_2025"]
    assert df.columns[1:].tolist() == [
        "Security: human security", "Security: traditional security", "UNSCR 1325: participation",
        "UNSCR 1325: prevention", "UNSCR 1325: protection", "UNSCR 1325: relief and recovery"]
    long = results["dictionary_scores"].set_index(["doc_id", "dictionary", "category"])["per_1k"]
    assert df.loc[0, "Security: traditional security"] == long[("admm_plus_joint_statement_2025", "security_framings",
                                                               "traditional_security")]
    # 18 traditional-security matches in 838 words: 21.48 per 1,000.
    assert df.loc[0, "Security: traditional security"] == pytest.approx(18 / 838 * 1000, rel=1e-6)


def test_latex_rendering_of_a_key_table(results, tmp_path):
    df, caption = textstats.paper_tables(results)["doc_summary"]
    tex, md = tables.write_paper_table(df, "doc_summary", caption, tmp_path)
    text = tex.read_text(encoding="utf-8")
    assert "\\toprule" in text and "\\bottomrule" in text and "\\label{tab:doc-summary}" in text
    assert "admm\\_plus\\_joint\\_statement\\_2025 & 838 &" in text
    assert md.read_text(encoding="utf-8").splitlines()[2].startswith("| Document | Tokens | Types |")
