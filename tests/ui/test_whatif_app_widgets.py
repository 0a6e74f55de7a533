"""The what-if app's widgets driven from Python (set .value, click), without a
browser; expected figures worked by hand from the Exempleville sample."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from activsoc_costs.app import WhatIfApp, resolve_params
from helpers import SAMPLE, cents


def shown(widget) -> str:
    return widget.value.replace("\u202f", " ")


@pytest.fixture
def app(tmp_path):
    return WhatIfApp(SAMPLE, lang="fr", out_dir=tmp_path / "outputs")


def test_starts_on_the_report_figures(app):
    assert app.figures.claimed == cents("89 544,21")
    assert "€ 89 544,21" in shown(app.claimed_out)
    assert "94,26 %" in shown(app.results_out)
    assert "R9" in app.warnings_out.value and "R10" in app.warnings_out.value


def test_s4_fixed_share_and_s1_hours_update_at_once(app):
    app.staff_select.value = "S4"
    assert app.share_pct.value == "10"            # the reader's format: no decimals when whole
    app.share_pct.value = "20"                      # 38 000 x 20 % = 7 600 (was 3 800)
    assert "€ 93 344,21" in shown(app.claimed_out)
    app.staff_select.value = "S1"
    assert app.sa_hours.value == "400" and app.share_pct.disabled
    app.sa_hours.value = "500"                      # 52 000 x 500 / 1 520 = 17 105,26 (was 13 684,21)
    assert app.figures.claimed == cents("96 765,26")
    assert "17 105,26" in shown(app.staff_info)
    assert app.share_pct.value == "32,89"           # the time share follows the hours typed: 500 / 1 520 (R6)
    app.staff_select.value = "S4"                   # the plan of S4 is kept when coming back
    assert app.share_pct.value == "20"
    app.reset_staff.click()
    assert app.figures.claimed == cents("92 965,26") and app.share_pct.value == "10"


def test_r10_other_funding_and_the_grant_warnings(app):
    assert "Part plafonnée" in app.warnings_out.value
    app.staff_select.value = "S6"
    app.other_funding.value = 0.0                   # S6 claims 30 000 instead of 24 000: 95 544,21 > 95 000
    assert app.figures.claimed == cents("95 544,21") and app.figures.accepted == cents("95 000,00")
    assert "Part plafonnée" not in app.warnings_out.value  # the R10 cap of S6 is gone
    assert "dépassent le montant octroyé" in app.warnings_out.value


def test_recruit_modules_trajectories_operating_and_grant(app):
    app.recruit_function.value = "teacher"
    app.recruit_cost.value = 30000.0
    app.recruit_key.value = "direct"
    app.recruit_add.click()
    assert app.figures.claimed == cents("119 544,21")
    app.recruit_remove.click()
    app.module_hours.value = 10.0
    app.module_participants.value = 12
    app.module_add.click()                          # 10 h x 12 x € 1,00 = 120,00 (R11)
    assert app.figures.claimed == cents("89 664,21")
    app.module_remove.click()
    app.purpose_amounts["literacy"].value = 5000.0  # replaces O11's 3 000
    assert app.figures.operating_claimed == cents("20 560,00")
    app.purpose_amounts["literacy"].value = 3000.0
    for t, n in (("2.1", 5), ("2.2", 15), ("2.3", 5)):
        app.piis_counts[t].value = n
    assert app.figures.counts["piis"] == 25 and app.figures.cost_per_trajectory == cents("3 581,77")
    app.granted.value = 80000.0
    assert (app.figures.advance, app.figures.balance) == (cents("40 000,00"), cents("40 000,00"))
    assert app.amount_2014.disabled  # R5 applies to 2016/2017 only


def test_a_bad_amount_is_a_message_not_a_traceback(app):
    app.staff_select.value = "S1"
    app.cost.value = 1.005                          # more than two decimals
    assert "montant valable" in app.message_out.value
    assert app.figures.claimed == cents("89 544,21")


def test_save_load_compare_and_export(app, tmp_path):
    app.staff_select.value = "S4"
    app.share_pct.value = "20"
    app.scenario_name.value = "plan A"
    app.save_button.click()
    saved = tmp_path / "outputs" / "scenarios" / "plan_A.json"
    assert json.loads(saved.read_text(encoding="utf-8"))["staff"] == {"S4": {"share_pct": "20"}}
    app.share_pct.value = "10"
    assert app.figures.claimed == cents("89 544,21")
    app.scenario_select.value = "plan_A"
    app.load_button.click()
    assert app.figures.claimed == cents("93 344,21")
    app.compare_select.value = ("(actuel)", "plan_A")
    app.compare_button.click()
    assert "plan A" in app.compare_out.value and "93 344,21" in shown(app.compare_out) and "<svg" in app.compare_out.value
    app.export_button.click()
    assert app.export_paths and app.export_paths[0].suffix == ".xlsx"
    assert "download=" in app.download_out.value and "base64," in app.download_out.value
    wb = openpyxl.load_workbook(app.export_paths[0])
    assert wb.sheetnames  # a real workbook; its figures are tested in the export tests


def test_monitoring_tab(app):
    app.as_of.value = dt.date(2015, 6, 30)
    assert "181 / 365" in app.monitor_out.value
    assert "11 730,00" in shown(app.monitor_out)    # operating claimed dated by 30/06 (O1, O2, O4, O5)
    assert "<li>Au 30/06/2015" in app.monitor_out.value  # a warning with no file: no empty place before it
    app.budget_amounts["operating"].value = 20000.0
    assert app.monitoring.rows[1].theoretical == cents("9 917,81")  # 20 000 x 181 / 365


def test_upload_of_an_input_workbook(app, tmp_path):
    from activsoc_costs.template import write_template
    empty = write_template(tmp_path / "empty.xlsx", "fr")
    app.upload.value = ({"name": "empty.xlsx", "type": "", "size": 0, "content": memoryview(empty.read_bytes()),
                         "last_modified": dt.datetime(2016, 1, 15)},)
    # an empty workbook: its problems are shown, the current model stays
    assert "problèmes" in app.message_out.value.lower()
    assert app.figures.claimed == cents("89 544,21")


def test_upload_of_a_filled_workbook_rebuilds_the_model(app, tmp_path):
    from activsoc_costs.template import write_template
    from helpers import fill_template_with_sample
    path = write_template(tmp_path / "mon-cpas.xlsx", "fr")
    wb = fill_template_with_sample(path)  # the sample, typed into the template as an officer would
    # one change against the sample: S4's fixed share 10 % -> 20 % (R9): + 3 800,00
    ws = wb["personnel"]
    header = [c.value for c in ws[1]]
    ws.cell(5, header.index("part %") + 1, "20")
    wb.save(path)
    app.upload.value = ({"name": "mon-cpas.xlsx", "type": "", "size": path.stat().st_size,
                         "content": memoryview(path.read_bytes()), "last_modified": dt.datetime(2016, 1, 15)},)
    assert app.figures.claimed == cents("93 344,21")
    assert "mon-cpas.xlsx" in str(app.inputs.source) and app.inputs.source != str(path)  # a copy under outputs/


def test_app_command_serves_the_what_if_notebook_on_localhost(tmp_path):
    import argparse
    from activsoc_costs.cli import app_command, main
    cmd, env = app_command(argparse.Namespace(inputs=str(SAMPLE), port=8899, no_browser=True, lang="nl"))
    assert cmd[1:3] == ["-m", "voila"] and cmd[3].endswith("notebooks/03_what_if.ipynb")
    assert "--Voila.ip=127.0.0.1" in cmd and "--port=8899" in cmd and "--no-browser" in cmd
    assert env["ACTIVSOC_INPUTS"] == str(SAMPLE.resolve()) and env["ACTIVSOC_LANG"] == "nl"
    assert main(["app", str(tmp_path / "nowhere")]) == 1  # a clear message, no server, no traceback


def test_dutch_and_parameters_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ACTIVSOC_LANG", "nl")
    monkeypatch.setenv("ACTIVSOC_INPUTS", str(SAMPLE))
    path, lang, year = resolve_params()
    assert (path, lang, year) == (SAMPLE, "nl", None)
    app = WhatIfApp(path, lang=lang, out_dir=tmp_path)
    assert "verantwoord" in app.claimed_out.value and "€ 89.544,21" in app.claimed_out.value
