"""Writes on packs: creating and editing a draft, publishing it once, and what publishing freezes.

The test settings run django.tasks with the Immediate backend, so `pack_publish` renders the PDF and
the workbook before it returns. Every test that publishes stores its files under tmp_path.
"""

import datetime
import io
import shutil

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from actions.cycle import services as action_services
from actions.cycle.models import Rag
from reports import services
from reports.models import Pack
from reports.packs import BOARD, FORUM, default_cover
from sendplan.concurrency import AlreadyDone
from tests import factories as f
from tests.helpers import close_response, pdf_text

needs_pdftotext = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")


def workbook_text(xlsx: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    return "\n".join(
        str(value) for sheet in book for row in sheet.iter_rows(values_only=True) for value in row if value
    )


def stored_files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file())


def read(field) -> bytes:
    with field.open("rb") as file:
        return file.read()


def download(client, pack, fmt: str) -> bytes:
    response = client.get(reverse("reports:pack-download", args=[pack.pk, fmt]))
    assert response.status_code == 200
    try:
        return b"".join(response.streaming_content)
    finally:
        close_response(response)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def stated(action, other_action, summer):
    f.make_statement(action, summer, Rag.AMBER, narrative="Quokkaquest network relaunched.")
    f.make_statement(other_action, summer, Rag.GREEN, narrative="Review draft shared with parents.")
    return action


def draft(alice, plan, period, audience=FORUM, **cover):
    return services.pack_create(user=alice, plan=plan, period=period, audience=audience, **cover)


# --- pack_create ------------------------------------------------------------------------------


PACK_AUTHOR_REFUSAL = "Only plan administrators make and publish packs."
# Everyone signed in but a plan administrator: officer, board member, Schools Forum member, no role.
NOT_PACK_AUTHORS = ["olivia", "bea", "fern", "nora"]


@pytest.fixture(params=NOT_PACK_AUTHORS)
def not_pack_author(request):
    return request.getfixturevalue(request.param)


def test_pack_create_refuses_anyone_but_a_plan_administrator(not_pack_author, plan, summer, action):
    with pytest.raises(PermissionDenied) as refused:
        services.pack_create(
            user=not_pack_author,
            plan=plan,
            period=summer,
            audience=BOARD,
            priorities=[action.objective.priority],
            title="Made by the wrong person",
        )

    assert str(refused.value) == PACK_AUTHOR_REFUSAL
    assert not Pack.objects.exists()
    assert not Pack.history.exists()


def test_pack_create_fills_blank_cover_text_with_the_forum_wording(alice, plan, summer):
    pack = draft(alice, plan, summer, FORUM, title="  ", purpose="", context=None)

    standard = default_cover(plan, summer, FORUM)
    assert pack.recommendation == "That Schools Forum note the progress made."
    assert (pack.title, pack.purpose, pack.context) == (standard.title, standard.purpose, standard.context)
    assert pack.title == "SEND improvement plan: progress update, Summer term 2026"
    assert pack.author == ""
    assert (pack.state, pack.created_by, pack.plan, pack.period) == (Pack.State.DRAFT, alice, plan, summer)


def test_pack_create_fills_blank_cover_text_with_the_board_wording(alice, plan, summer):
    pack = draft(alice, plan, summer, BOARD)

    assert pack.title == "SEND improvement board: progress report, Summer term 2026"
    assert pack.recommendation == "That the board note the progress made and agree the escalations listed."
    assert pack.purpose == default_cover(plan, summer, BOARD).purpose


def test_pack_create_keeps_the_authors_own_cover_text(alice, plan, summer):
    pack = draft(
        alice,
        plan,
        summer,
        FORUM,
        title="  Item 7: SEND plan update  ",
        recommendation="That Schools Forum note the report.",
        author="Jo Bloggs, Head of SEND",
    )

    assert pack.title == "Item 7: SEND plan update"
    assert pack.recommendation == "That Schools Forum note the report."
    assert pack.author == "Jo Bloggs, Head of SEND"
    assert pack.purpose == default_cover(plan, summer, FORUM).purpose


def test_pack_create_refuses_a_period_of_another_plan(alice, plan, periods):
    other_plan = f.make_plan(title="Elsewhere SEND Plan")
    elsewhere = f.make_period(other_plan, name="Summer term 2026")

    with pytest.raises(ValidationError) as refused:
        draft(alice, plan, elsewhere)

    assert "period" in refused.value.message_dict
    assert not Pack.objects.exists()


def test_pack_create_keeps_the_chosen_priorities(alice, plan, summer, action):
    priority = action.objective.priority
    f.make_priority(plan, ref="2", title="Preparing for adulthood")

    pack = services.pack_create(user=alice, plan=plan, period=summer, audience=BOARD, priorities=[priority])

    assert list(pack.priorities.all()) == [priority]


# --- pack_update ------------------------------------------------------------------------------


def test_pack_update_refuses_anyone_but_a_plan_administrator(not_pack_author, alice, plan, periods, action):
    pack = draft(alice, plan, periods[2])
    history_before = pack.history.count()

    with pytest.raises(PermissionDenied) as refused:
        services.pack_update(
            user=not_pack_author,
            pack=pack,
            period=periods[1],
            title="Changed by the wrong person",
            priorities=[action.objective.priority],
        )

    assert str(refused.value) == PACK_AUTHOR_REFUSAL
    pack.refresh_from_db()
    assert pack.title == default_cover(plan, periods[2], FORUM).title
    assert pack.period == periods[2]
    assert list(pack.priorities.all()) == []
    assert pack.history.count() == history_before


def test_pack_update_asks_who_the_user_is_before_whether_the_pack_is_editable(bea, plan, summer):
    pack = f.make_pack(plan, summer, state=Pack.State.PUBLISHING)

    with pytest.raises(PermissionDenied) as refused:
        services.pack_update(user=bea, pack=pack, title="Changed while publishing")

    assert str(refused.value) == PACK_AUTHOR_REFUSAL


def test_pack_update_changes_a_draft(alice, plan, periods, action):
    pack = draft(alice, plan, periods[2])
    priority = action.objective.priority

    services.pack_update(
        user=alice,
        pack=pack,
        period=periods[1],
        title="  Item 4: SEND update  ",
        author="Jo Bloggs",
        priorities=[priority],
    )

    pack.refresh_from_db()
    assert (pack.title, pack.author, pack.period) == ("Item 4: SEND update", "Jo Bloggs", periods[1])
    assert list(pack.priorities.all()) == [priority]
    assert pack.state == Pack.State.DRAFT


def test_another_administrator_can_edit_a_draft_whose_maker_has_left(alice, plan, summer):
    pack = draft(alice, plan, summer)
    colleague = f.make_user("alex", "Plan administrator")
    alice.delete()  # the author left the council

    services.pack_update(user=colleague, pack=pack, title="Taken over by Alex")

    pack.refresh_from_db()
    assert pack.title == "Taken over by Alex"


def test_pack_update_refuses_a_published_pack(media, alice, plan, summer, stated):
    pack = draft(alice, plan, summer)
    services.pack_publish(user=alice, pack=pack)

    with pytest.raises(PermissionDenied):
        services.pack_update(user=alice, pack=pack, title="Changed after publishing")

    pack.refresh_from_db()
    assert pack.title == default_cover(plan, summer, FORUM).title
    assert pack.state == Pack.State.PUBLISHED


def test_pack_update_refuses_a_pack_being_published(alice, plan, summer):
    pack = f.make_pack(plan, summer, state=Pack.State.PUBLISHING)

    with pytest.raises(PermissionDenied):
        services.pack_update(user=alice, pack=pack, title="Changed while publishing")


def test_pack_update_refuses_a_period_of_another_plan(alice, plan, summer):
    pack = draft(alice, plan, summer)
    elsewhere = f.make_period(f.make_plan(), name="Elsewhere term")

    with pytest.raises(ValidationError):
        services.pack_update(user=alice, pack=pack, period=elsewhere)

    pack.refresh_from_db()
    assert pack.period == summer


# --- pack_publish -----------------------------------------------------------------------------


def test_pack_publish_refuses_anyone_but_a_plan_administrator(
    settings, media, not_pack_author, alice, plan, summer, stated
):
    from django.tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    pack = draft(alice, plan, summer)
    history_before = pack.history.count()
    period_state_before = summer.state

    with pytest.raises(PermissionDenied) as refused:
        services.pack_publish(user=not_pack_author, pack=pack)

    assert str(refused.value) == PACK_AUTHOR_REFUSAL
    pack.refresh_from_db()
    assert (pack.state, pack.published_by, pack.published_at) == (Pack.State.DRAFT, None, None)
    assert pack.history.count() == history_before
    summer.refresh_from_db()
    assert summer.state == period_state_before  # publishing the pack would have published its period
    assert default_task_backend.results == []  # no render queued
    assert stored_files(media) == []


def test_pack_publish_asks_who_the_user_is_before_whether_the_pack_is_editable(media, fern, plan, summer):
    pack = f.make_pack(plan, summer, state=Pack.State.PUBLISHED)

    with pytest.raises(PermissionDenied) as refused:
        services.pack_publish(user=fern, pack=pack)

    assert str(refused.value) == PACK_AUTHOR_REFUSAL


def test_pack_publish_stores_a_pdf_and_a_workbook_and_marks_the_pack_published(
    media, alice, plan, summer, stated
):
    pack = draft(alice, plan, summer)

    services.pack_publish(user=alice, pack=pack)

    pack.refresh_from_db()
    assert pack.state == Pack.State.PUBLISHED
    assert pack.published_by == alice
    assert pack.published_at is not None
    assert pack.progress == 100
    assert pack.error == ""
    assert read(pack.pdf).startswith(b"%PDF")
    assert read(pack.xlsx).startswith(b"PK")  # a zip: the .xlsx container
    assert pack.pdf.name.endswith("exampleshire-forum-pack-summer-term-2026.pdf")
    assert pack.xlsx.name.endswith("exampleshire-forum-pack-summer-term-2026.xlsx")
    assert len(stored_files(media)) == 2  # both under MEDIA_ROOT, nothing else


def test_publishing_a_pack_twice_publishes_once(media, alice, plan, summer, stated):
    pack = draft(alice, plan, summer)
    services.pack_publish(user=alice, pack=pack)
    pack.refresh_from_db()
    first_published_at = pack.published_at

    with pytest.raises(AlreadyDone, match=r"You started publishing this pack at \d\d:\d\d"):
        services.pack_publish(user=alice, pack=pack)

    pack.refresh_from_db()
    assert pack.state == Pack.State.PUBLISHED
    assert pack.published_at == first_published_at
    assert len(stored_files(media)) == 2


def test_publishing_a_pack_already_being_published_does_nothing(alice, plan, summer):
    pack = f.make_pack(plan, summer, state=Pack.State.PUBLISHING)

    with pytest.raises(AlreadyDone, match="pressing Publish again did nothing"):
        services.pack_publish(user=alice, pack=pack)


@pytest.mark.parametrize("renderer", ["reports.pdf.render_pdf", "reports.excel.render_xlsx"])
def test_a_renderer_failure_leaves_the_pack_failed_with_the_error_and_no_files(
    media, monkeypatch, alice, plan, summer, stated, renderer
):
    def broken(data):
        raise RuntimeError("WeasyPrint ran out of paper")

    monkeypatch.setattr(renderer, broken)
    pack = draft(alice, plan, summer)

    services.pack_publish(user=alice, pack=pack)

    pack.refresh_from_db()
    assert pack.state == Pack.State.FAILED
    assert pack.error == "WeasyPrint ran out of paper"
    assert pack.progress == 0
    assert not pack.pdf and not pack.xlsx
    assert stored_files(media) == []
    assert pack.is_editable  # the author can fix things and try again


def test_a_failed_pack_can_be_published_again(media, monkeypatch, alice, plan, summer, stated):
    def broken(data):
        raise RuntimeError("temporary failure")

    pack = draft(alice, plan, summer)
    with monkeypatch.context() as patch:
        patch.setattr("reports.pdf.render_pdf", broken)
        services.pack_publish(user=alice, pack=pack)
    pack.refresh_from_db()
    assert pack.state == Pack.State.FAILED

    services.pack_publish(user=alice, pack=pack)

    pack.refresh_from_db()
    assert (pack.state, pack.error, pack.progress) == (Pack.State.PUBLISHED, "", 100)
    assert read(pack.pdf).startswith(b"%PDF")


@needs_pdftotext
def test_a_published_pack_is_byte_for_byte_unchanged_after_its_statements_are_edited(
    media, client, alice, fern, plan, summer, stated
):
    action = stated
    pack = draft(alice, plan, summer)
    services.pack_publish(user=alice, pack=pack)
    pack.refresh_from_db()
    pdf_before, xlsx_before = read(pack.pdf), read(pack.xlsx)
    assert "Quokkaquest" in pdf_text(pdf_before, layout=False)

    # Publishing locked the period; reopened (with a reason), it takes statements again, and the
    # action's wording can still change.
    action_services.period_reopen(user=alice, period=summer, reason="A late update from the lead.")
    action_services.position_statement_record(
        user=alice, action=action, period=summer, rag=Rag.RED, narrative="Zebrazone: the network has stopped."
    )
    action.description = "Run SENCO network meetings (renamed after publishing)"
    action.save()

    pack.refresh_from_db()
    assert read(pack.pdf) == pdf_before
    assert read(pack.xlsx) == xlsx_before
    client.force_login(fern)
    assert download(client, pack, "pdf") == pdf_before
    assert download(client, pack, "xlsx") == xlsx_before
    # The stored files still say what was published, not what is true now.
    assert "Quokkaquest" in pdf_text(pdf_before, layout=False)
    assert "Zebrazone" not in pdf_text(pdf_before, layout=False)
    assert "Quokkaquest" in workbook_text(xlsx_before)
    assert "renamed after publishing" not in workbook_text(xlsx_before)
    # ...and the edits are real: a new pack of the same period shows them.
    newer = draft(alice, plan, summer)
    services.pack_publish(user=alice, pack=newer)
    newer.refresh_from_db()
    assert "Zebrazone" in pdf_text(read(newer.pdf), layout=False)
    assert "renamed after publishing" in workbook_text(read(newer.xlsx))


@needs_pdftotext
def test_a_published_board_pack_keeps_the_measure_figures_it_was_published_with(
    media, client, alice, bea, plan, summer, stated
):
    from actions.measures import services as measure_services
    from actions.measures.models import MeasureValue

    from .measure_data import add_figure, make_measure

    measure = make_measure(plan, name="Quokka plans issued within 20 weeks", actions=[stated])
    add_figure(measure, summer, "52.5", commentary="Yakyard: the new panel clears the backlog.")
    pack = draft(alice, plan, summer, audience=BOARD)
    services.pack_publish(user=alice, pack=pack)
    pack.refresh_from_db()
    pdf_before, xlsx_before = read(pack.pdf), read(pack.xlsx)
    text = pdf_text(pdf_before, raw=True)
    assert "Quokka plans issued within 20 weeks" in text and "52.5%" in text and "Yakyard" in text

    # Publishing locked the period; reopened, the figure can be corrected, and the measure renamed.
    action_services.period_reopen(user=alice, period=summer, reason="The SEN2 return was revised.")
    measure_services.measure_value_record(
        user=alice,
        measure=measure,
        period=summer,
        refers_to=summer.as_at,
        value="41.5",
        commentary="Zebrafield.",
    )
    measure.name = "Quokka plans (renamed after publishing)"
    measure.save()
    assert MeasureValue.objects.get(measure=measure).value == 41.5

    pack.refresh_from_db()
    assert read(pack.pdf) == pdf_before
    assert read(pack.xlsx) == xlsx_before
    client.force_login(bea)
    assert download(client, pack, "pdf") == pdf_before
    assert download(client, pack, "xlsx") == xlsx_before
    text = pdf_text(pdf_before, raw=True)
    assert "52.5%" in text and "Yakyard" in text
    assert "41.5%" not in text and "Zebrafield" not in text and "renamed after publishing" not in text
    book = openpyxl.load_workbook(io.BytesIO(xlsx_before))
    measures = [row for row in book["Measures"].iter_rows(min_row=2, values_only=True)]
    assert measures[0][0] == "Quokka plans issued within 20 weeks"
    assert 52.5 in measures[0] and 41.5 not in measures[0]
    # ...and the change is real: a new pack of the same period shows it.
    newer = draft(alice, plan, summer, audience=BOARD)
    services.pack_publish(user=alice, pack=newer)
    newer.refresh_from_db()
    newer_text = pdf_text(read(newer.pdf), raw=True)
    assert "41.5%" in newer_text and "renamed after publishing" in newer_text


@needs_pdftotext
def test_a_pack_of_one_priority_contains_only_that_prioritys_actions(media, alice, plan, summer):
    lead = f.make_person(name="Pat Lead")
    chosen = f.make_priority(plan, ref="1", title="Inclusive education", order=1)
    left_out = f.make_priority(plan, ref="2", title="Preparing for adulthood", order=2)
    for priority, refs in ((chosen, ["1.1.a", "1.1.b"]), (left_out, ["2.1.a", "2.1.b"])):
        objective = f.make_objective(priority, ref=f"{priority.ref}.1", title=f"Objective {priority.ref}.1")
        for ref in refs:
            action = f.make_action(objective, ref=ref, description=f"Action {ref} wording", leads=[lead])
            f.make_statement(action, summer, Rag.GREEN, narrative=f"Statement for {ref}.")

    pack = services.pack_create(user=alice, plan=plan, period=summer, audience=BOARD, priorities=[chosen])
    services.pack_publish(user=alice, pack=pack)

    pack.refresh_from_db()
    text = pdf_text(read(pack.pdf), layout=False)
    assert "1.1.a" in text and "1.1.b" in text
    assert "2.1.a" not in text and "2.1.b" not in text
    assert "Preparing for adulthood" not in text
    workbook = workbook_text(read(pack.xlsx))
    assert "1.1.a" in workbook and "2.1.a" not in workbook


def test_publishing_records_who_published_in_the_packs_history(media, alice, plan, summer, stated):
    pack = draft(alice, plan, summer)

    services.pack_publish(user=alice, pack=pack)

    states = list(pack.history.order_by("history_date").values_list("state", flat=True))
    assert states[0] == Pack.State.DRAFT
    assert states[-1] == Pack.State.PUBLISHED
    assert pack.history.latest().published_at is not None


def test_pack_publish_marks_the_pack_publishing_and_queues_the_render(settings, alice, plan, summer):
    """With a real worker the page shows "Publishing" until the task runs: the service only queues it."""
    from django.tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    pack = draft(alice, plan, summer)

    services.pack_publish(user=alice, pack=pack)

    pack.refresh_from_db()
    queued = default_task_backend.results
    assert [(r.task.name, r.args) for r in queued] == [("pack_render", [pack.pk])]
    assert (pack.state, pack.progress, pack.published_by) == (Pack.State.PUBLISHING, 0, alice)
    assert pack.published_at is None


def test_the_period_date_is_on_the_board_cover(alice, plan, summer):
    pack = draft(alice, plan, summer, BOARD)

    assert datetime.date(2026, 7, 31).strftime("%-d %B %Y") in pack.purpose
