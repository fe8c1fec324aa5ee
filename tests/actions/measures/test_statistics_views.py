"""Loading a measure's figures from published statistics: upload → preview → confirm, who may, bad files."""

import datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.measures.models import Benchmark, BenchmarkValue, MeasureValue, Source
from tests import factories as f
from tests.helpers import text_of

SAMPLE = Path(__file__).resolve().parents[3] / "fixtures" / "statistics" / "ehcp_20_weeks_sample.csv"
PCT = "ehcp_within_20_weeks_pct"
REFUSED = ["olivia", "oscar", "bea", "fern", "nora"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def annual_periods(plan, periods):
    """Two earlier periods, so the sample's calendar years land in periods that take figures:
    2019–2023 in Autumn term 2023 (2023 loads), 2024 in Autumn term 2024, 2025 in Autumn term 2025
    (published, so not loaded)."""
    return [
        f.make_period(plan, name="Autumn term 2023", as_at=datetime.date(2023, 12, 31), state="closed"),
        f.make_period(plan, name="Autumn term 2024", as_at=datetime.date(2024, 12, 31), state="closed"),
    ]


def upload_url(measure) -> str:
    return reverse("actions:measure-statistics", args=[measure.pk])


def preview_url(measure) -> str:
    return reverse("actions:measure-statistics-preview", args=[measure.pk])


def confirm_url(measure) -> str:
    return reverse("actions:measure-statistics-confirm", args=[measure.pk])


def csv_file(data: bytes | str, name: str = "ehcp.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data.encode() if isinstance(data, str) else data, content_type="text/csv")


def upload(client, measure, data: bytes | str | None = None, name: str = "ehcp.csv"):
    file = csv_file(SAMPLE.read_bytes() if data is None else data, name)
    return client.post(upload_url(measure), {"file": file})


def token_of(response) -> str:
    assert response.status_code == 302, getattr(response, "content", b"")[:2000]
    return parse_qs(urlsplit(response.url).query)["token"][0]


def choices(token: str, la: str = "E06009990", column: str = PCT, england=True, region=True) -> dict:
    data = {"token": token, "column": column, "local_authority": la}
    if england:
        data["england"] = "on"
    if region:
        data["region"] = "on"
    return data


def stored_files(media) -> list[Path]:
    return [p for p in Path(media).rglob("*") if p.is_file()]


HEADER = (
    "time_period,time_identifier,geographic_level,region_code,region_name,old_la_code,new_la_code,la_name,"
    "value_pct"
)


# --- Who may -----------------------------------------------------------------------------------------


def test_plan_administrator_sees_the_upload_page(client, alice, measure):
    client.force_login(alice)

    response = client.get(upload_url(measure))

    assert response.status_code == 200
    assert "Load published statistics" in text_of(response)
    assert measure.name in text_of(response)


@pytest.mark.parametrize("role", REFUSED)
@pytest.mark.parametrize("page", ["upload", "preview", "confirm"])
def test_everyone_but_plan_administrators_is_refused(client, request, measure, role, page):
    client.force_login(request.getfixturevalue(role))
    url = {"upload": upload_url, "preview": preview_url, "confirm": confirm_url}[page](measure)

    get = client.get(url)
    post = client.post(url, {"file": csv_file(SAMPLE.read_bytes())})

    assert get.status_code == post.status_code == 403


@pytest.mark.parametrize("page", ["upload", "preview", "confirm"])
def test_signed_out_visitor_is_sent_to_sign_in(client, measure, page):
    url = {"upload": upload_url, "preview": preview_url, "confirm": confirm_url}[page](measure)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_refused_officer_leaves_nothing_stored(client, olivia, measure, media):
    client.force_login(olivia)

    upload(client, measure)

    assert stored_files(media) == []


def test_unknown_measure_is_not_found(client, alice, measure):
    client.force_login(alice)

    assert client.get(reverse("actions:measure-statistics", args=[measure.pk + 100])).status_code == 404


def test_confirm_is_a_post(client, alice, measure):
    client.force_login(alice)

    assert client.get(confirm_url(measure)).status_code == 405


# --- Upload → preview → confirm ----------------------------------------------------------------------


def test_upload_keeps_the_file_under_a_random_name_and_goes_to_the_preview(client, alice, measure, media):
    client.force_login(alice)

    response = upload(client, measure)

    token_of(response)
    assert response.url.startswith(preview_url(measure) + "?token=")
    [kept] = stored_files(media)
    assert kept.parent.name == "statistics-uploads"
    assert kept.name != "ehcp.csv"
    assert kept.read_bytes() == SAMPLE.read_bytes()


def test_preview_offers_the_files_columns_and_local_authorities(client, alice, measure):
    client.force_login(alice)
    token = token_of(upload(client, measure))

    response = client.get(preview_url(measure), {"token": token})

    page = response.content.decode()
    assert response.status_code == 200
    assert '<option value="E06009990">Exampleshire (E06009990, 990)</option>' in page
    assert '<option value="E10009994">Testbury (E10009994, 994)</option>' in page
    assert f'<option value="{PCT}">{PCT}</option>' in page
    assert "Confirm and load" not in page  # nothing to confirm until the figures are chosen


def test_preview_shows_each_year_its_date_period_figure_and_comparators(
    client, alice, measure, annual_periods
):
    client.force_login(alice)
    token = token_of(upload(client, measure))

    response = client.get(preview_url(measure), choices(token))

    text = text_of(response)
    assert response.status_code == 200
    assert "What each year loads: Exampleshire (E06009990, 990)" in text
    assert "England (comparator)" in text and "Midland Vale (comparator)" in text
    assert "2023 41 31 December 2023 Autumn term 2023 51.2 Loaded 52.0 56.5" in text
    assert "2024 50 31 December 2024 Autumn term 2024 60.2 Loaded" in text
    assert (
        "2022 32 31 December 2022 Autumn term 2023 57.4 Not loaded 2023 also lands in Autumn term 2023"
        in text
    )
    assert (
        "2025 59 31 December 2025 Autumn term 2025 59.0 Not loaded Autumn term 2025 has been published"
        in text
    )
    assert "Confirm and load the figures" in text
    assert MeasureValue.objects.count() == Benchmark.objects.count() == 0  # a preview saves nothing


def test_preview_by_name_lists_suppressed_figures_as_not_available(client, alice, measure, annual_periods):
    client.force_login(alice)
    token = token_of(upload(client, measure))

    response = client.get(preview_url(measure), choices(token, la="Demoport"))

    text = text_of(response)
    assert (
        "2020 19 31 December 2020 Autumn term 2023 c Not available c: suppressed to protect confidentiality"
        in text
    )
    assert "There is a problem" not in text


def test_confirm_loads_the_figures_and_comparators_and_marks_the_measure_imported(
    client, alice, measure, annual_periods, media
):
    client.force_login(alice)
    token = token_of(upload(client, measure))

    response = client.post(confirm_url(measure), choices(token))

    assert response.status_code == 302
    assert response["Location"] == f"/measures/{measure.pk}/"
    values = {v.period.name: (v.value, v.refers_to) for v in MeasureValue.objects.select_related("period")}
    assert values == {
        "Autumn term 2023": (Decimal("51.2"), datetime.date(2023, 12, 31)),
        "Autumn term 2024": (Decimal("60.2"), datetime.date(2024, 12, 31)),
    }
    first = MeasureValue.objects.get(period=annual_periods[0])
    assert first.entered_by == alice
    assert first.confirmed_at is None  # the first key: the rating awaits confirmation
    assert first.source == f"ehcp.csv, {PCT}: Exampleshire (E06009990, 990), 2023"
    assert first.history.first().history_user == alice
    england = Benchmark.objects.get(measure=measure, name="England")
    assert england.source == Source.IMPORTED
    assert BenchmarkValue.objects.filter(benchmark=england).count() == 7
    assert BenchmarkValue.objects.get(
        benchmark__name="Midland Vale", date=datetime.date(2019, 12, 31)
    ).value == Decimal("61.3")
    measure.refresh_from_db()
    assert measure.source == Source.IMPORTED
    assert stored_files(media) == []  # the upload is forgotten once loaded


def test_confirm_tells_what_was_loaded(client, alice, measure, annual_periods):
    client.force_login(alice)
    token = token_of(upload(client, measure))

    response = client.post(confirm_url(measure), choices(token), follow=True)

    assert (
        "Loaded 2 figures of Exampleshire and England and Midland Vale as comparators from ehcp.csv. "
        "Each figure’s RAG rating awaits confirmation." in text_of(response)
    )


def test_confirm_replaces_a_figure_already_entered_and_keeps_its_commentary(
    client, alice, measure, annual_periods
):
    from actions.measures.services import measure_value_record

    measure_value_record(
        user=alice,
        measure=measure,
        period=annual_periods[0],
        refers_to=datetime.date(2023, 12, 1),
        value="40",
        commentary="Staffing gaps in the EHC team.",
    )
    client.force_login(alice)
    token = token_of(upload(client, measure))

    preview = client.get(preview_url(measure), choices(token))
    client.post(confirm_url(measure), choices(token))

    assert "Loaded replaces 40" in text_of(preview)
    value = MeasureValue.objects.get(period=annual_periods[0])
    assert (value.value, value.commentary) == (Decimal("51.2"), "Staffing gaps in the EHC team.")
    assert value.history.count() == 2


def test_confirm_without_comparators_loads_only_the_figures(client, alice, measure, annual_periods):
    client.force_login(alice)
    token = token_of(upload(client, measure))

    client.post(confirm_url(measure), choices(token, england=False, region=False))

    assert MeasureValue.objects.count() == 2
    assert not Benchmark.objects.exists()


def test_nothing_to_load_when_every_year_lands_in_a_published_period(client, alice, measure):
    client.force_login(alice)
    token = token_of(upload(client, measure))

    preview = client.get(preview_url(measure), choices(token, england=False, region=False))
    confirm = client.post(confirm_url(measure), choices(token, england=False, region=False))

    assert "Nothing to load" in text_of(preview)
    assert confirm.status_code == 200
    assert "Nothing to load" in text_of(confirm)
    assert not MeasureValue.objects.exists()


# --- Bad files and bad choices -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.csv", "empty.csv is empty."),
        (b"  \n\n", "blank.csv", "blank.csv is empty."),
        (b"PK\x03\x04workbook", "ehcp.csv", "ehcp.csv is an Excel workbook, not a CSV file"),
        (b"anything", "ehcp.xlsx", "ehcp.xlsx must be a CSV file (.csv)"),
        (b"2023,E06009990,Exampleshire,50\n", "ehcp.csv", "ehcp.csv has no header row"),
        (b"area,figure\nExampleshire,50\n", "ehcp.csv", "ehcp.csv has no column for the year"),
    ],
)
def test_file_that_cannot_be_read_is_refused_on_the_upload_page_and_not_kept(
    client, alice, measure, media, data, name, message
):
    client.force_login(alice)

    response = upload(client, measure, data, name)

    assert response.status_code == 200
    assert "There is a problem" in text_of(response)
    assert message in text_of(response)
    assert stored_files(media) == []


def test_file_over_the_size_limit_is_refused(client, alice, measure, media, settings):
    settings.IMPORT_MAX_BYTES = 1024
    client.force_login(alice)

    response = upload(client, measure)

    assert "a statistics file must be smaller than 1.0 KB" in text_of(response)
    assert stored_files(media) == []


def test_upload_without_a_file_asks_for_one(client, alice, measure):
    client.force_login(alice)

    response = client.post(upload_url(measure), {})

    assert "Choose the statistics file to load" in text_of(response)


def bad_file() -> str:
    rows = [
        "2022,Calendar year,National,,,,,,50",
        "2022,Calendar year,Local authority,E12000991,Midland Vale,990,E06009990,Exampleshire,48",
        "2022,Calendar year,Local authority,E12000991,Midland Vale,991,E0800999,Sampleton,48",
        "2023,Calendar year,National,,,,,,c",
        "2023,Calendar year,Local authority,E12000991,Midland Vale,990,E06009990,Exampleshire,about half",
        "2023,Calendar year,Local authority,E12000991,Midland Vale,991,E08009991,Sampleton,48",
        "2024,Calendar year,Local authority,E12000991,Midland Vale,991,E08009991,Sampleton,48",
        "2024,Calendar year,National,,,,,,101",
    ]
    return "\n".join([HEADER, *rows]) + "\n"


def test_bad_file_lists_every_problem_with_its_row_column_and_why(client, alice, measure, annual_periods):
    client.force_login(alice)
    token = token_of(upload(client, measure, bad_file()))

    response = client.get(preview_url(measure), choices(token, column="value_pct", region=False))

    text = text_of(response)
    assert "ehcp.csv has 4 problems, so nothing can be loaded" in text
    assert "The whole file time_period Exampleshire (E06009990, 990) has no row for 2024" in text
    assert "4 new_la_code “E0800999” is not one: a local authority code is 9 characters" in text
    assert (
        "6 value_pct “about half” is not a number (nor a suppression symbol such as c, x, z or low)" in text
    )
    assert "9 value_pct 101 is over 100, so it is not a percentage" in text
    assert "Confirm and load" not in text


def test_nothing_is_saved_when_a_bad_file_is_confirmed(client, alice, measure, annual_periods, media):
    client.force_login(alice)
    token = token_of(upload(client, measure, bad_file()))

    response = client.post(confirm_url(measure), choices(token, column="value_pct", region=False))

    assert response.status_code == 200
    assert "Row 6, column value_pct: “about half” is not a number" in text_of(response)
    assert not MeasureValue.objects.exists()
    assert not Benchmark.objects.exists()
    measure.refresh_from_db()
    assert measure.source == Source.ENTERED
    assert len(stored_files(media)) == 1  # kept, so a corrected choice can still be previewed


def test_wrong_local_authority_code_is_shown_on_its_field(client, alice, measure):
    client.force_login(alice)
    token = token_of(upload(client, measure))

    response = client.get(preview_url(measure), choices(token, la="E06009999"))

    assert response.status_code == 200
    assert (
        "No row of ehcp.csv has the local authority code “E06009999” (it has 6 local authorities): "
        "check the code" in text_of(response)
    )
    assert 'href="#id_local_authority"' in response.content.decode()


def test_missing_column_is_shown_on_its_field(client, alice, measure):
    client.force_login(alice)
    token = token_of(upload(client, measure))

    response = client.get(preview_url(measure), choices(token, column="ehcp_within_26_weeks_pct"))

    assert "Ehcp.csv has no column “ehcp_within_26_weeks_pct”" in text_of(response)
    assert 'href="#id_column"' in response.content.decode()


def test_tampered_token_sends_back_to_the_upload_page(client, alice, measure, annual_periods):
    client.force_login(alice)
    token = token_of(upload(client, measure))

    preview = client.get(preview_url(measure), {"token": token + "x"})
    confirm = client.post(confirm_url(measure), choices(token[:-2] + "zz"), follow=True)

    assert preview.status_code == 302 and preview.url == upload_url(measure)
    assert "The uploaded file could not be found: upload it again." in text_of(confirm)
    assert not MeasureValue.objects.exists()


def test_token_of_another_measures_upload_is_refused(client, alice, measure, plan, annual_periods):
    from .conftest import make_measure

    other = make_measure(plan, name="Suspensions of pupils with SEND")
    client.force_login(alice)
    token = token_of(upload(client, other))

    response = client.post(confirm_url(measure), choices(token), follow=True)

    assert "That upload is for another measure" in text_of(response)
    assert not MeasureValue.objects.exists()


def test_preview_without_a_token_asks_for_the_upload(client, alice, measure):
    client.force_login(alice)

    response = client.get(preview_url(measure), follow=True)

    assert "Upload the statistics file first." in text_of(response)


def test_upload_that_is_no_longer_kept_must_be_uploaded_again(client, alice, measure, media):
    client.force_login(alice)
    token = token_of(upload(client, measure))
    for kept in stored_files(media):
        kept.unlink()

    response = client.get(preview_url(measure), {"token": token}, follow=True)

    assert "The uploaded file is no longer kept: upload it again." in text_of(response)


# --- Query budget ------------------------------------------------------------------------------------


def larger_file(authorities: int = 150, years: int = 10) -> str:
    rows = [HEADER]
    for year in range(2016, 2016 + years):
        rows.append(f"{year},Calendar year,National,,,,,,55.5")
        rows.append(f"{year},Calendar year,Regional,E12000991,Midland Vale,,,,56.5")
        for n in range(authorities):
            rows.append(
                f"{year},Calendar year,Local authority,E12000991,Midland Vale,{100 + n},E06{9000 + n:06d},"
                f"Area {n},{40 + n % 50}.5"
            )
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("size", ["small", "large"])
def test_preview_costs_the_same_queries_whatever_the_files_size(
    client, alice, measure, annual_periods, django_assert_max_num_queries, size
):
    data = SAMPLE.read_bytes() if size == "small" else larger_file().encode()
    la = "E06009990" if size == "small" else "E06009000"
    column = PCT if size == "small" else "value_pct"
    client.force_login(alice)
    token = token_of(upload(client, measure, data))

    with django_assert_max_num_queries(7):
        response = client.get(preview_url(measure), choices(token, la=la, column=column))

    assert response.status_code == 200
    assert "Confirm and load the figures" in text_of(response)
