"""Two architects on one model: nothing overwritten, what does not clash is saved."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.domain import Integration, Service, Team
from models.interchange import load_model_file
from models.repository import Checkout

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "landscape.json"
MODEL = "northwind"


@pytest.fixture
def ana(team_repo):
    """Ana pushes the example as the first revision and keeps working in her checkout."""
    repository = team_repo.connect("ana")
    document = load_model_file(EXAMPLE)
    checkout = Checkout.attach(repository, document, MODEL)
    assert checkout.save("First version").revision == 1
    yield checkout
    document.close()
    repository.close()


@pytest.fixture
def ben(team_repo, ana):
    """Ben opens the same model at revision 1."""
    repository = team_repo.connect("ben")
    checkout = Checkout.open(repository, MODEL)
    yield checkout
    checkout.document.close()
    repository.close()


def _edit(checkout: Checkout, service_id: str, **values) -> None:
    model = checkout.document.model
    model.update(model.services[service_id], **values)


def _stored(checkout: Checkout, service_id: str) -> dict:
    snapshot = checkout.repository.snapshot(MODEL)
    return snapshot.entries[("service", service_id)].content


def test_same_service_edited_twice_is_refused_field_by_field_and_resolvable(ana, ben):
    _edit(ana, "claims-db", vendor_sla="24/7, 1h", notes="ana")
    assert ana.save("Tighter SLA").revision == 2

    original_notes = ben.document.model.services["claims-db"].notes
    _edit(ben, "claims-db", vendor_sla="business hours", criticality="critical")
    result = ben.save("Ben's view")
    assert result.revision is None and not result.saved
    (conflict,) = result.conflicts
    assert conflict.key == ("service", "claims-db")
    assert conflict.author == "ana" and conflict.revision == 2
    mine_vs_theirs = {path: (mine, theirs) for path, mine, theirs in conflict.fields}
    assert mine_vs_theirs["vendor.sla"] == ("business hours", "24/7, 1h")
    assert mine_vs_theirs["criticality"] == ("critical", "high")
    assert mine_vs_theirs["notes"] == (original_notes, "ana")
    assert _stored(ana, "claims-db")["vendor"]["sla"] == "24/7, 1h"  # nothing overwritten

    # Ben keeps his criticality and Ana's SLA and notes, then saves knowingly.
    from models.comparison import flatten, unflatten

    chosen = flatten(conflict.theirs.content)
    chosen["criticality"] = "critical"
    ben.resolve(conflict, unflatten(chosen, conflict.theirs.content))
    result = ben.save("Critical after all")
    assert result.revision == 3 and not result.conflicts
    stored = _stored(ana, "claims-db")
    assert (stored["criticality"], stored["vendor"]["sla"], stored["notes"]) == (
        "critical", "24/7, 1h", "ana")


def test_different_services_are_both_saved(ana, ben):
    _edit(ana, "claims-db", notes="ana was here")
    assert ana.save().revision == 2
    _edit(ben, "portal-db", notes="ben was here")
    result = ben.save()
    assert result.revision == 3 and not result.conflicts
    assert _stored(ana, "claims-db")["notes"] == "ana was here"
    assert _stored(ana, "portal-db")["notes"] == "ben was here"


def test_a_save_keeps_what_does_not_clash_and_reports_what_does(ana, ben):
    _edit(ana, "claims-db", notes="ana")
    ana.save()
    _edit(ben, "claims-db", notes="ben")
    _edit(ben, "portal-db", notes="ben")
    result = ben.save()
    assert result.revision == 3
    assert set(result.saved) == {("service", "portal-db")}
    assert [c.key for c in result.conflicts] == [("service", "claims-db")]
    # The conflict stays a conflict until it is resolved: saving again changes nothing.
    again = ben.save()
    assert again.revision is None and [c.key for c in again.conflicts] == [
        ("service", "claims-db")]


def test_one_removes_what_the_other_edits(ana, ben):
    model = ana.document.model
    for integration in model.integrations_of("hr-portal"):
        model.remove(integration)
    model.remove(model.services["hr-portal"])
    assert ana.save("HR portal retired").revision == 2

    _edit(ben, "hr-portal", notes="still needed?")
    result = ben.save()
    (conflict,) = result.conflicts
    assert conflict.key == ("service", "hr-portal")
    assert conflict.theirs.content is None and conflict.mine["notes"] == "still needed?"
    assert ("service", "hr-portal") not in ana.repository.snapshot(MODEL).records

    # Ben accepts the removal: his copy loses the service and nothing is left to save.
    ben.resolve(conflict, None)
    assert "hr-portal" not in ben.document.model.services
    assert not ben.local_changes() or ben.save().conflicts == []


def test_removing_what_a_colleague_just_linked_to_is_held_back(ana, ben):
    ana.document.model.add(
        Integration(id="reporting-reads-hr", source_id="reporting", target_id="hr-portal",
                    kind="data_flow"))
    assert ana.save().revision == 2

    model = ben.document.model
    for integration in model.integrations_of("hr-portal"):
        model.remove(integration)
    model.remove(model.services["hr-portal"])
    result = ben.save("Remove HR portal")
    held = {c.key: c.reason for c in result.conflicts}
    assert "integration 'reporting-reads-hr' still relies on it" in held[("service", "hr-portal")]
    records = ana.repository.snapshot(MODEL).records
    assert ("service", "hr-portal") in records
    assert ("integration", "reporting-reads-hr") in records
    # Ben's removals of the old integrations did go through; the model stays valid.
    assert ana.repository.snapshot(MODEL).revision == 3
    Checkout.open(ana.repository, MODEL).document.close()


def test_two_new_teams_with_one_name_clash(ana, ben):
    ana.document.model.add(Team(id="platform-a", name="Platform"))
    ana.save()
    ben.document.model.add(Team(id="platform-b", name="platform"))
    result = ben.save()
    (conflict,) = result.conflicts
    assert conflict.key == ("team", "platform-b")
    assert "also the name of" in conflict.reason


def test_the_same_change_by_both_is_not_a_conflict(ana, ben):
    _edit(ana, "claims-db", instances=5)
    ana.save()
    _edit(ben, "claims-db", instances=5)
    result = ben.save()
    assert not result.conflicts and result.revision is None
    assert ("service", "claims-db") in result.settled


def test_refresh_brings_colleagues_changes_and_keeps_my_unsaved_ones(ana, ben):
    _edit(ana, "claims-db", notes="from ana")
    ana.document.model.add(Service(id="new-cache", name="New cache", kind="database"))
    ana.save()
    _edit(ben, "portal-db", notes="ben, not saved yet")
    plan = ben.refresh()
    assert set(plan.incoming) >= {("service", "claims-db"), ("service", "new-cache")}
    model = ben.document.model
    assert model.services["claims-db"].notes == "from ana"
    assert "new-cache" in model.services
    assert model.services["portal-db"].notes == "ben, not saved yet"
    assert set(ben.local_changes()) == {("service", "portal-db")}
    assert ben.origin.revision == 2
    result = ben.save()
    assert result.revision == 3 and not result.conflicts


def test_refresh_leaves_a_clash_for_the_user(ana, ben):
    _edit(ana, "claims-db", notes="from ana")
    ana.save()
    _edit(ben, "claims-db", notes="from ben")
    plan = ben.refresh()
    assert [c.key for c in plan.conflicts] == [("service", "claims-db")]
    assert ben.document.model.services["claims-db"].notes == "from ben"
    assert ben.origin.held == {("service", "claims-db"): 1}


def test_history_records_author_message_and_what_changed(ana, ben):
    original_notes = ben.document.model.services["claims-db"].notes
    _edit(ben, "claims-db", notes="ben")
    ben.save("Notes for the review")
    history = ana.repository.history(MODEL)
    assert [(r.number, r.author, r.message) for r in history] == [
        (2, "ben", "Notes for the review"), (1, "ana", "First version")]
    assert history[1].counts[("added", "service")] == 35
    (change,) = ana.repository.changes(MODEL, 2)
    assert change.summary() == "changed service 'claims-db': notes"
    assert change.before["notes"] == original_notes and change.after["notes"] == "ben"
    old = ana.repository.snapshot(MODEL, 1)
    assert old.entries[("service", "claims-db")].content["notes"] == original_notes


def test_a_configured_author_name_is_kept_beside_the_account(ana):
    _edit(ana, "claims-db", notes="x")
    ana.save("m", author="Ana Architect")
    latest = ana.repository.history(MODEL)[0]
    assert (latest.author, latest.account) == ("Ana Architect", "ana")
