"""Blast radius, recovery waves, cycles, showback and the reliance graph's kinds."""

from __future__ import annotations

import datetime as dt

import pytest

from models.analysis import RUNTIME_KINDS, SUPPORTING_KINDS, analyse, connection, reliance_graph
from models.analysis.context import add_months
from models.domain.enums import Initiator, IntegrationKind
from tests.fixtures.landscape_builder import AS_OF, Landscape


def _chain(b: Landscape, *links: tuple[str, str, str]) -> Landscape:
    for sid in sorted({s for link in links for s in link[:2]}):
        if sid not in b.model.services:
            b.service(sid)
    for source, target, kind in links:
        b.link(source, target, kind)
    return b


def test_runtime_and_supporting_kinds_split_every_kind():
    assert set(IntegrationKind) == RUNTIME_KINDS | SUPPORTING_KINDS
    assert not RUNTIME_KINDS & SUPPORTING_KINDS
    assert {
        IntegrationKind.DEPENDS_ON,
        IntegrationKind.GATEWAY,
        IntegrationKind.USER_AUTH,
        IntegrationKind.DATA_FLOW,
    } == RUNTIME_KINDS


def test_reliance_graph_keeps_only_runtime_reliance(empty: Landscape):
    _chain(
        empty,
        ("app", "db", "depends_on"),
        ("app", "db", "data_flow"),
        ("app", "idp", "admin_auth"),
        ("app", "mon", "monitoring"),
        ("app", "gw", "gateway"),
    )
    graph = reliance_graph(empty.model)
    assert sorted(graph.nodes) == ["app", "db", "gw", "idp", "mon"]
    assert sorted(graph.edges) == [("app", "db"), ("app", "gw")]
    assert graph.edges["app", "db"]["kinds"] == ["data_flow", "depends_on"]
    assert graph.edges["app", "db"]["integrations"] == [
        "app--data-flow--db",
        "app--depends-on--db",
    ]


def test_connection_direction_follows_the_initiator(empty: Landscape):
    _chain(empty, ("app", "gw", "gateway"), ("app", "db", "depends_on"))
    integrations = empty.model.integrations
    assert connection(integrations["app--gateway--gw"]) == ("gw", "app")
    assert connection(integrations["app--depends-on--db"]) == ("app", "db")
    empty.set_link("app--depends-on--db", initiator_override=Initiator.TARGET)
    assert connection(integrations["app--depends-on--db"]) == ("db", "app")


def test_blast_radius_counts_transitive_consumers_once(empty: Landscape):
    # portal → app → db, batch → db, app → cache; diamond: portal → db directly too
    _chain(
        empty,
        ("portal", "app", "depends_on"),
        ("app", "db", "depends_on"),
        ("batch", "db", "data_flow"),
        ("app", "cache", "depends_on"),
        ("portal", "db", "depends_on"),
        ("db", "mon", "monitoring"),  # supporting: not a consumer of mon
    )
    result = empty.analyse()
    assert result.blast_radius == {
        "app": 1, "batch": 0, "cache": 2, "db": 3, "mon": 0, "portal": 0,
    }


def test_recovery_waves_restore_providers_first(empty: Landscape):
    _chain(
        empty,
        ("portal", "app", "depends_on"),
        ("app", "db", "depends_on"),
        ("app", "idp", "user_auth"),
        ("batch", "db", "depends_on"),
        ("db", "bkp", "backup"),
    )
    assert empty.analyse().recovery_waves == [
        ["bkp", "idp"],
        ["db"],  # restored from the backup platform: after it
        ["app", "batch"],
        ["portal"],
    ]


def test_cycle_is_condensed_into_one_wave_and_reported(empty: Landscape):
    _chain(
        empty,
        ("a", "b", "depends_on"),
        ("b", "c", "depends_on"),
        ("c", "a", "data_flow"),
        ("top", "a", "depends_on"),
        ("c", "base", "depends_on"),
    )
    result = empty.analyse()
    assert result.cycles == [["a", "b", "c"]]
    assert result.recovery_waves == [["base"], ["a", "b", "c"], ["top"]]
    assert result.blast_radius["a"] == 3  # b, c and top
    assert result.blast_radius["base"] == 4
    (cycle,) = [f for f in result.findings if f.rule == "RES-005"]
    assert cycle.subjects == ("a", "b", "c")


def test_empty_model_has_no_findings_and_empty_tables(empty: Landscape):
    result = empty.analyse()
    assert result.findings == []
    assert result.blast_radius == {}
    assert result.recovery_waves == []
    assert result.cycles == []
    assert result.showback == []
    assert result.to_json() == {"findings": [], "blast_radius": {}, "recovery_order": []}


def test_one_service_model(empty: Landscape):
    empty.service("solo", criticality="critical", stateful=True)
    result = empty.analyse()
    assert result.blast_radius == {"solo": 0}
    assert result.recovery_waves == [["solo"]]
    rules = {f.rule for f in result.findings}
    assert {"OWN-001", "INT-002", "RES-002", "RES-003"} <= rules
    assert "RES-001" not in rules


def test_showback_allocates_cost_to_direct_consumers(empty: Landscape):
    empty.team("shop").team("platform")
    empty.service("web", owner_id="shop", cost_yearly=100.0, cost_currency="EUR")
    empty.service("orders", owner_id="shop", cost_yearly=50.0, cost_currency="EUR")
    empty.service("db", owner_id="platform", cost_yearly=300.0, cost_currency="EUR")
    empty.service("ci", owner_id="platform", cost_yearly=80.0, cost_currency="usd")
    empty.service("free", owner_id="platform")
    empty.link("web", "db")
    empty.link("orders", "db")
    empty.link("web", "ci", "deploys_via")  # supporting: web uses ci, so web carries it
    result = empty.analyse()
    assert result.allocated_cost == {
        "orders": {"EUR": 200.0},
        "web": {"EUR": 250.0, "USD": 80.0},
    }
    rows = {(r.team, r.currency): r for r in result.showback}
    assert rows[("shop", "EUR")].owned == 150.0
    assert rows[("shop", "EUR")].allocated == 450.0
    assert rows[("platform", "EUR")].owned == 300.0
    assert rows[("platform", "EUR")].allocated == 0.0
    assert rows[("platform", "USD")].allocated == 0.0
    assert rows[("shop", "USD")].allocated == 80.0
    assert rows[("platform", "EUR")].services == 3
    assert sum(r.owned for r in result.showback) == sum(r.allocated for r in result.showback)


def test_showback_counts_unowned_services_under_an_empty_team(empty: Landscape):
    empty.service("stray", cost_yearly=10.0, cost_currency="EUR")
    (row,) = empty.analyse().showback
    assert (row.team, row.owned, row.allocated, row.services) == ("", 10.0, 10.0, 1)


def test_output_is_deterministic_and_sorted(healthy: Landscape):
    healthy.set("db", owner_id=None, runbook="", instances=1)
    healthy.unlink("portal--monitoring--mon").set("idp", license_usage=500)
    first, second = healthy.analyse(), healthy.analyse()
    assert first == second
    keys = [f.sort_key() for f in first.findings]
    assert keys == sorted(keys)
    severities = [f.severity for f in first.findings]
    assert severities == sorted(severities, reverse=True)


def test_analysis_does_not_change_or_flush_the_model(empty: Landscape):
    from models.domain.entities import Service

    empty.model.add(Service(id="fresh"))
    revision = empty.model.revision
    analyse(empty.model, as_of=AS_OF)
    assert empty.model.revision == revision
    assert empty.model.services["fresh"].criticality.value == "medium"
    assert len(empty.model.session.new) == 1


def test_analysis_date_must_be_a_date(empty: Landscape):
    with pytest.raises(TypeError):
        analyse(empty.model, as_of="2026-11-25")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 11, 25), -12, dt.date(2025, 11, 25)),
        (dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


def test_snapshot_is_independent_of_later_edits_and_runs_in_another_thread(
    healthy: Landscape,
):
    import threading

    from models.analysis import analyse_snapshot, snapshot

    taken = snapshot(healthy.model, as_of=AS_OF)
    healthy.set("db", owner_id=None).unlink("portal--gateway--gw")
    results = []
    worker = threading.Thread(target=lambda: results.append(analyse_snapshot(taken)))
    worker.start()
    worker.join()
    assert results[0].findings == []  # as the model was when the snapshot was taken
    assert {"OWN-001", "INT-005"} <= healthy.rules()


def test_every_runtime_kind_has_words_for_its_sole_provider():
    from models.analysis.rules.resilience import PROVIDES

    assert set(PROVIDES) == {kind.value for kind in RUNTIME_KINDS}


def test_recovery_plan_restores_from_the_backup_after_it(empty: Landscape):
    """A database is restored after the backup platform it is restored from and the
    identity provider its administrators log in through, not before."""
    empty.team("dba")
    _chain(
        empty,
        ("app", "db", "depends_on"),
        ("db", "bkp", "backup"),
        ("db", "idp", "admin_auth"),
        ("bkp", "idp", "admin_auth"),
    )
    empty.set("db", owner_id="dba", rto_hours=4.0, rpo_hours=1.0,
              last_restore_test=dt.date(2026, 10, 1), last_dr_test=dt.date(2026, 5, 1))
    result = empty.analyse()
    assert result.recovery_waves == [["idp"], ["bkp"], ["db"], ["app"]]
    step = next(s for s in result.recovery_plan if s.service == "db")
    assert (step.wave, step.owner, step.restore_from, step.rto_hours, step.rpo_hours) == (
        2, "dba", ("bkp",), 4.0, 1.0)
    assert (step.last_restore_test, step.last_dr_test) == (
        dt.date(2026, 10, 1), dt.date(2026, 5, 1))
    assert result.restored_together == []


def test_services_that_need_each_other_to_be_restored_share_a_wave(empty: Landscape):
    _chain(empty, ("bkp", "idp", "admin_auth"), ("idp", "bkp", "backup"),
           ("app", "idp", "user_auth"))
    result = empty.analyse()
    assert result.restored_together == [["bkp", "idp"]]
    assert result.recovery_waves == [["bkp", "idp"], ["app"]]
    assert result.cycles == []  # not a runtime cycle: RES-005 stays quiet
    assert "RES-005" not in {f.rule for f in result.findings}


def test_showback_spreads_platform_cost_over_its_users(empty: Landscape):
    empty.team("apps").team("platform")
    empty.service("web", owner_id="apps", cost_yearly=100.0, cost_currency="EUR")
    empty.service("api", owner_id="apps", cost_yearly=100.0, cost_currency="EUR")
    empty.service("mon", kind="monitoring", owner_id="platform", cost_yearly=600.0,
                  cost_currency="EUR")
    empty.link("web", "mon", "monitoring")
    empty.link("api", "mon", "monitoring")
    result = empty.analyse()
    assert result.allocated_cost == {"api": {"EUR": 400.0}, "web": {"EUR": 400.0}}
    assert "CST-003" not in {f.rule for f in result.findings}
    empty.unlink("web--monitoring--mon").unlink("api--monitoring--mon")
    (finding,) = [f for f in empty.analyse().findings if f.rule == "CST-003"]
    assert finding.message == (
        "Mon costs 600 EUR a year, but no service uses it: the cost stays with Platform, "
        "unallocated.")
