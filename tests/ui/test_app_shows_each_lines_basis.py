"""Issue 10 item 2: the app shows the same basis as report --json and the workbook: for the
staff member chosen, each of its lines explained in words from the engine's basis."""
from activsoc_costs.app import WhatIfApp
from helpers import SAMPLE


def test_s1_basis_in_french_and_dutch(tmp_path):
    for lang, words in (("fr", ["400,00 h", "1\u202f520,00 h", "26,32 %", "personnel.csv"]),
                        ("nl", ["400,00 u", "1.520,00 u", "26,32 %", "personnel.csv"])):
        app = WhatIfApp(SAMPLE, lang=lang, out_dir=tmp_path / lang)
        app.staff_select.value = "S3"
        app.staff_select.value = "S1"  # time key (R6): 400 h of 1 520 h = 26,32 % of 52 000,00
        html = app.staff_info.value
        assert "activsoc-basis" in html
        for w in words:
            assert w in html, (lang, w)


def test_s3_one_line_for_its_payroll_months(tmp_path):
    # S3's twelve payroll months are one line (issue 9 item 3): one basis, with its source rows
    app = WhatIfApp(SAMPLE, lang="fr", out_dir=tmp_path)
    app.staff_select.value = "S3"
    html = app.staff_info.value
    assert html.count("<li>") == 1 and "direct" in html and "paie.csv" in html
