"""The one CSV writer behind every download: cells a spreadsheet cannot run, plain numbers.

Record exports (`/stances.csv`) and slide exports both write through `csv_response`.
"""

import csv
import re

from django.http import HttpResponse

from corpus.dates import format_partial

# A spreadsheet runs a cell starting with one of these as a formula ("CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

SOURCE_COLUMNS = ["source_title", "source_date", "source_url"]


def spreadsheet_safe(value):
    """Text a spreadsheet shows as text: a leading formula character is quoted away.

    Numbers stay numbers (written with an ASCII minus, which spreadsheets read as a number;
    the typographic minus of the pages would make them text).
    """
    if isinstance(value, bool) or value is None:
        return "" if value is None else value
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_value(latest):
    """A cell's value as a spreadsheet number, or its words when the latest statements split
    ("split −1 / +1 (2 statements)": text either way, so it keeps the page's signs)."""
    return latest.value if latest.value is not None else latest.summary


def source_cells(sources) -> list[str]:
    """Title, date and URL of the sources behind a row, several joined by “; ”."""
    unique = list({s.pk: s for s in sources}.values())
    return [
        "; ".join(s.title for s in unique),
        "; ".join(format_partial(s.published_on, s.date_precision) for s in unique),
        "; ".join(s.url for s in unique if s.url),
    ]


def file_name(*parts: str, extension: str) -> str:
    """vantage-<parts, lower-case, dashes>.<extension>; the whole title, never cut short."""
    words = "-".join(parts).lower()
    stem = re.sub(r"[^a-z0-9]+", "-", words).strip("-")
    return f"vantage-{stem or 'export'}.{extension}"


def csv_response(filename: str, header: list[str], rows, footer: list[str] = ()) -> HttpResponse:
    """An attached UTF-8 CSV (with the byte-order mark spreadsheets need to read it so)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(v) for v in row])
    if footer:
        writer.writerow([])
        for line in footer:
            writer.writerow([spreadsheet_safe(line)])
    return response
