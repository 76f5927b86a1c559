"""``analyse(model, as_of=...)``: run every rule, apply waivers, derive the tables.

The work splits in two for callers that must not block: :func:`snapshot` reads the model
(on the thread that owns the document, about a tenth of the time), :func:`analyse_snapshot`
does everything else from the snapshot alone and may run in a worker thread.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping

from models.analysis.catalogue import CHECKS, EXPIRED_WAIVER
from models.analysis.context import Context
from models.analysis.facts import WaiverFacts
from models.analysis.landscape import Landscape
from models.analysis.results import Analysis, Finding, RecoveryStep, ShowbackRow
from models.domain.entities import Waiver
from models.domain.enums import IntegrationKind
from models.domain.model import Model
from models.garbage_collection import collection_paused


def analyse(model: Model, *, as_of: dt.date) -> Analysis:
    """Analyse ``model`` as it stands on ``as_of`` (the only date any rule uses).

    The result is deterministic: the same model and date always give the same findings in
    the same order.
    """
    # The analysis allocates hundreds of thousands of small objects next to a large model;
    # the cyclic collector would rescan that heap again and again (a third of the run time
    # at 10,000 services) while none of these objects form cycles that outlive the call.
    with collection_paused():
        return analyse_snapshot(snapshot(model, as_of=as_of))


def analyse_landscape(
    landscape: Landscape, *, as_of: dt.date, showback: bool = True
) -> Analysis:
    """Analyse a model read straight from a file (:meth:`Landscape.of_rows`): the same
    result as :func:`analyse` on that model opened as a document.

    ``showback=False`` leaves the cost tables (``showback``, ``allocated_cost``) empty,
    for a report that does not show them: at 10,000 services they are a tenth of the work.
    """
    with collection_paused():
        return _analyse(Context(landscape, as_of), showback=showback)


def snapshot(model: Model, *, as_of: dt.date) -> Context:
    """Read everything the analysis needs from ``model`` (the only step that touches it)."""
    with collection_paused():
        return Context(Landscape.of_model(model), as_of)


def analyse_snapshot(ctx: Context) -> Analysis:
    """The analysis of a :func:`snapshot`; reads nothing else, so any thread may run it."""
    with collection_paused():
        return _analyse(ctx)


def _analyse(ctx: Context, *, showback: bool = True) -> Analysis:
    findings: list[Finding] = []
    for entry in CHECKS:
        findings.extend(entry.check(ctx, entry.rule))
    findings = apply_waivers(findings, ctx.waivers, ctx.as_of)
    findings.sort(key=Finding.sort_key)
    reach = ctx.reach
    allocated, rows = _showback(ctx) if showback else ({}, [])
    waves = ctx.recovery_reach.recovery_waves()
    return Analysis(
        findings=findings,
        blast_radius=reach.blast_radius(),
        recovery_waves=waves,
        cycles=[list(c) for c in reach.cycles],
        showback=rows,
        allocated_cost=allocated,
        recovery_plan=_recovery_plan(ctx, waves),
        restored_together=[list(c) for c in ctx.recovery_reach.cycles],
    )


def _recovery_plan(ctx: Context, waves: list[list[str]]) -> list[RecoveryStep]:
    """The waves as a restore plan: per service who restores it, from where, and how
    recently that was proven (in wave order, then by id)."""
    steps: list[RecoveryStep] = []
    for number, wave in enumerate(waves):
        for sid in wave:
            s = ctx.service[sid]
            sources = tuple(dict.fromkeys(
                i.target_id for i in ctx.outgoing(sid, IntegrationKind.BACKUP)
                if i.target_id != sid))
            steps.append(RecoveryStep(
                wave=number, service=sid, owner=s.owner_id, restore_from=sources,
                last_restore_test=s.last_restore_test, last_dr_test=s.last_dr_test,
                rto_hours=s.rto_hours, rpo_hours=s.rpo_hours,
            ))
    return steps


def apply_waivers(
    findings: Iterable[Finding],
    waivers: Mapping[tuple[str, str], Waiver | WaiverFacts],
    as_of: dt.date,
) -> list[Finding]:
    """Mark findings waived by a current waiver; report every expired waiver (``WVR-001``).

    A waiver matches a finding with the same rule whose primary subject (first subject) is
    the waiver's subject. It holds up to and including its ``expires`` day; without an
    expiry date it never expires.
    """
    current = {key for key, w in waivers.items() if w.expires is None or as_of <= w.expires}
    result = [
        f.as_waived() if (f.rule, f.primary_subject) in current else f for f in findings
    ]
    for (rule, subject), waiver in sorted(waivers.items()):
        if waiver.expires is not None and waiver.expires < as_of:
            by = f" (accepted by {waiver.accepted_by})" if waiver.accepted_by.strip() else ""
            result.append(
                EXPIRED_WAIVER.finding(
                    (subject,),
                    f"The waiver of {rule} for {subject}{by} expired on "
                    f"{waiver.expires.isoformat()}.",
                )
            )
    return result


def _showback(ctx: Context) -> tuple[dict[str, dict[str, float]], list[ShowbackRow]]:
    """Allocate every service's cost to the services that use it; total it per team.

    A service's users are every other service relying on it, at runtime or for a supporting
    capability: the backup platform's cost is spread over what it backs up, the monitoring's
    over what it watches. A service nobody uses carries its own cost.
    """
    allocated: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    owned: dict[tuple[str, str], float] = defaultdict(float)
    carried: dict[tuple[str, str], float] = defaultdict(float)
    services_of: dict[str, int] = defaultdict(int)
    for s in ctx.services:
        services_of[s.owner_id or ""] += 1
        if s.cost_yearly is None:
            continue
        currency = s.cost_currency.strip().upper()
        owned[(s.owner_id or "", currency)] += s.cost_yearly
        consumers = ctx.consumers(s.id)
        if not consumers:
            allocated[s.id][currency] += s.cost_yearly
            carried[(s.owner_id or "", currency)] += s.cost_yearly
            continue
        share = s.cost_yearly / len(consumers)
        for consumer in consumers:
            allocated[consumer][currency] += share
            carried[(ctx.service[consumer].owner_id or "", currency)] += share
    rows = [
        ShowbackRow(
            team=team,
            currency=currency,
            services=services_of.get(team, 0),
            owned=round(owned.get((team, currency), 0.0), 2),
            allocated=round(carried.get((team, currency), 0.0), 2),
        )
        for team, currency in sorted(set(owned) | set(carried))
    ]
    return {sid: dict(sorted(by.items())) for sid, by in sorted(allocated.items())}, rows
