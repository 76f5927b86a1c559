"""The zone-crossing matrix names its columns, not only its rows."""

from __future__ import annotations

from pypdf import PdfReader

from models.report import export_pdf
from tests.fixtures.review import AS_OF, review_landscape


def test_every_zone_names_its_row_and_its_column(tmp_path, open_model):
    document = open_model(review_landscape())
    out = tmp_path / "matrix.pdf"
    export_pdf(document.model, out, as_of=AS_OF)
    page = next(p.extract_text() for p in PdfReader(out).pages
                if "Zone-crossing matrix" in p.extract_text() and "Initiator" in p.extract_text())
    zones = sorted(document.model.zones.values(), key=lambda z: (z.trust, z.name, z.id))
    for number, zone in enumerate(zones, start=1):
        label = f"{number}. {zone.name} ({zone.trust})"
        assert page.count(label) == 2, label  # once heading its row, once its column
