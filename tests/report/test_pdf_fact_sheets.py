"""A fact sheet shows every field of its service; its integration checklist follows what the
rules expect of a service."""

from __future__ import annotations

from models.analysis import analyse
from models.domain import Service
from models.domain.enums import IntegrationKind as K
from models.domain.fields import fields_of
from models.report.context import ReportContext, content_hash
from models.report.sections.fact_sheets import expected_integrations, fact_sheet
from models.report.styles import make_styles
from tests.fixtures.every_field import SERVICE, every_field_document
from tests.fixtures.review import AS_OF, review_landscape


def _context(model) -> ReportContext:
    return ReportContext.build(model, analyse(model, as_of=AS_OF), AS_OF, make_styles(),
                               content_hash(model))


LANDSCAPE = {
    "format": "integramap/1",
    "services": [
        {"id": "gw", "name": "Gateway", "kind": "gateway", "internet_facing": True},
        {"id": "web", "name": "Web", "kind": "portal", "internet_facing": True,
         "environments": ["test"]},
        {"id": "db", "name": "DB", "kind": "database", "stateful": True},
        {"id": "cmdb", "name": "CMDB", "kind": "application"},
        {"id": "mon", "name": "Monitoring", "kind": "monitoring", "environments": ["test"]},
    ],
    "integrations": [
        {"id": "db-cmdb", "source": "db", "target": "cmdb", "kind": "asset_tracking"},
        {"id": "web-gw", "source": "web", "target": "gw", "kind": "gateway"},
    ],
}


def test_expectations_follow_the_rules(open_model):
    ctx = _context(open_model(LANDSCAPE).model)
    services = ctx.model.services
    # A gateway is not expected to sit behind another gateway.
    assert K.GATEWAY not in expected_integrations(ctx, services["gw"])
    # Internet-facing, not production: gateway yes, monitoring and asset register no.
    assert expected_integrations(ctx, services["web"]) == [K.ADMIN_AUTH, K.GATEWAY]
    # Stateful production database: everything but a gateway.
    assert expected_integrations(ctx, services["db"]) == [
        K.MONITORING, K.BACKUP, K.ADMIN_AUTH, K.ASSET_TRACKING
    ]
    # The asset register itself is not expected to be tracked in itself.
    assert K.ASSET_TRACKING not in expected_integrations(ctx, services["cmdb"])
    # A monitoring service needs monitoring even outside production (INT-008).
    assert K.MONITORING in expected_integrations(ctx, services["mon"])


def test_checklist_marks_present_and_missing(open_model):
    ctx = _context(open_model(LANDSCAPE).model)
    sheet = fact_sheet(ctx, ctx.model.services["db"])
    checklist = next(p.text for p in sheet if "Integration checklist" in getattr(p, "text", ""))
    assert "✔</font> Asset tracking" in checklist
    assert "✘</font> <b>Backup missing</b>" in checklist
    assert "✘</font> <b>Monitoring missing</b>" in checklist


def test_finding_subjects_read_as_names_without_repeating_integration_ends(open_model):
    ctx = _context(open_model(review_landscape()).model)
    assert ctx.subjects_text(("portal-gw", "portal", "rproxy")) == (
        "Customer portal → Reverse proxy (gateway)"
    )
    assert ctx.subjects_text(("portal", "db")) == "Customer portal, Orders database"
    assert ctx.subjects_text(("web",)) == "Web team"
    assert ctx.subjects_text(()) == "the model"


def _sheet_text(flowables) -> str:
    """The text of a sheet: its paragraphs and every cell of its table."""
    parts = []
    for flowable in flowables:
        cells = getattr(flowable, "_cellvalues", None)
        if cells is not None:
            parts += [getattr(c, "text", c) for row in cells for c in row]
        parts.append(getattr(flowable, "text", ""))
    return "\n".join(str(p) for p in parts)


def test_every_service_field_is_on_the_fact_sheet():
    """Each field the table declares for a service shows on its sheet: setting it back to
    its default changes what the sheet says."""
    with every_field_document() as doc:
        model = doc.model
        ctx = _context(model)
        service = model.services[SERVICE]
        full = _sheet_text(fact_sheet(ctx, service))
        assert SERVICE in full
        for f in fields_of(Service):
            if f.key == "id":
                continue
            assert f.sheet is not None, f"{f.name} is not on the fact sheet: declare sheet="
            sample = getattr(service, f.key)
            model.update(service, **{f.key: "Another name" if f.key == "name" else f.default})
            assert _sheet_text(fact_sheet(ctx, service)) != full, f"{f.name} is not shown"
            model.update(service, **{f.key: sample})
        assert _sheet_text(fact_sheet(ctx, service)) == full
