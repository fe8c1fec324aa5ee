"""`manage.py render_pack`: a pack written straight to a file, and clear errors when it cannot be."""

import io
import os
import shutil
import subprocess

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from actions.cycle.models import Rag
from reports.models import Pack
from tests import factories as f


@pytest.fixture
def stated(plan, periods, action, other_action):
    f.make_statement(action, periods[1], Rag.AMBER, narrative="Jabberwock network dates agreed.")
    f.make_statement(other_action, periods[1], Rag.RED, narrative="Review stalled.")
    return plan


def render(*args: str) -> str:
    out = io.StringIO()
    call_command("render_pack", *args, stdout=out)
    return out.getvalue()


def options(plan_id, period: str, audience: str, fmt: str, output) -> list[str]:
    pairs = {
        "--plan": plan_id,
        "--period": period,
        "--audience": audience,
        "--format": fmt,
        "--output": output,
    }
    return [str(part) for pair in pairs.items() for part in pair]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
@pytest.mark.parametrize("audience", ["board", "forum"])
def test_render_pack_writes_a_pdf(stated, tmp_path, audience):
    output = tmp_path / f"{audience}.pdf"

    printed = render(*options(stated.pk, "Spring term 2026", audience, "pdf", output))

    content = output.read_bytes()
    assert content.startswith(b"%PDF")
    assert printed.startswith(f"Wrote {output} (")
    assert "as at Spring term 2026, 2 actions, 0 impact measures." in printed
    assert ("Schools Forum pack" if audience == "forum" else "SEND improvement board pack") in printed
    text = subprocess.run(["pdftotext", str(output), "-"], capture_output=True, check=True).stdout.decode()
    assert "Jabberwock" in text
    assert not Pack.objects.exists()  # rendering is not publishing


@pytest.mark.parametrize("audience", ["board", "forum"])
def test_render_pack_writes_a_workbook(stated, tmp_path, audience):
    output = tmp_path / f"{audience}.xlsx"

    printed = render(*options(stated.pk, "Spring term 2026", audience, "xlsx", output))

    content = output.read_bytes()
    assert content.startswith(b"PK")
    book = openpyxl.load_workbook(io.BytesIO(content))
    cells = [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert any("Jabberwock" in c for c in cells)
    assert printed.startswith(f"Wrote {output} (")
    assert f"{len(content):,} bytes" in printed


def test_render_pack_finds_the_period_whatever_its_case_and_spacing(stated, tmp_path):
    output = tmp_path / "pack.xlsx"

    printed = render(*options(stated.pk, "  spring TERM 2026 ", "forum", "xlsx", output))

    assert "as at Spring term 2026" in printed
    assert output.exists()


def test_render_pack_refuses_a_plan_that_does_not_exist(db, tmp_path):
    output = tmp_path / "pack.pdf"

    with pytest.raises(CommandError, match=r"^There is no plan with id 999999\.$"):
        render(*options(999999, "Spring term 2026", "board", "pdf", output))

    assert not output.exists()


def test_render_pack_refuses_an_unknown_period_and_lists_the_plans_periods(stated, tmp_path):
    f.make_period(f.make_plan(), name="Winter term 2026")  # another plan's period is not offered
    output = tmp_path / "pack.pdf"

    with pytest.raises(CommandError) as refused:
        render(*options(stated.pk, "Winter term 2026", "board", "pdf", output))

    message = str(refused.value)
    assert message == (
        '"Exampleshire SEND Action Plan" has no reporting period called "Winter term 2026". '
        'It has: "Autumn term 2025", "Spring term 2026", "Summer term 2026".'
    )
    assert not output.exists()


def test_render_pack_says_when_the_plan_has_no_periods(db, tmp_path):
    plan = f.make_plan(title="Empty SEND Plan")

    with pytest.raises(CommandError, match=r"It has: none\.$"):
        render(*options(plan.pk, "Spring term 2026", "forum", "xlsx", tmp_path / "pack.xlsx"))


@pytest.mark.parametrize(
    "where",
    [
        pytest.param(lambda tmp: tmp / "no-such-folder" / "pack.xlsx", id="missing-folder"),
        pytest.param(lambda tmp: tmp, id="a-folder"),
    ],
)
def test_render_pack_refuses_an_output_path_it_cannot_write(stated, tmp_path, where):
    output = where(tmp_path)

    with pytest.raises(CommandError, match=rf"^Could not write {output}: .+\.$") as refused:
        render(*options(stated.pk, "Spring term 2026", "forum", "xlsx", output))

    assert "None" not in str(refused.value)  # the OS's reason, not a blank


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only folder")
def test_render_pack_refuses_a_read_only_folder(stated, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    output = folder / "pack.xlsx"
    try:
        with pytest.raises(CommandError, match=r"^Could not write .*: Permission denied\.$"):
            render(*options(stated.pk, "Spring term 2026", "forum", "xlsx", output))
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize(
    ("flag", "value"), [("--audience", "cabinet"), ("--format", "docx"), ("--plan", "seven")]
)
def test_render_pack_refuses_bad_arguments(stated, tmp_path, flag, value):
    args = options(stated.pk, "Spring term 2026", "forum", "xlsx", tmp_path / "pack.xlsx")
    args[args.index(flag) + 1] = value

    with pytest.raises(CommandError, match=flag):
        render(*args)
