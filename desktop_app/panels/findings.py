"""The findings panel: what the analysis says about the model, worst first.

Findings are grouped by severity and filtered by severity, rule and text; facets of one
root cause on one subject (a single-instance identity provider in one data centre: RES-001,
RES-002, RES-003) sit under one heading at the worst of their severities. Selecting one
shows its rule's explanation (why it matters, what to do) and, for services, their blast
radius and recovery wave; activating it selects and centres its subjects on the canvas.
A finding can be waived from here (an undoable edit). The panel also computes the canvas
badges: per service, how many unwaived findings name it and the worst severity.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.editing.document_editor import DocumentEditor
from desktop_app.panels.decision_dialog import ask_decision, latest_decision
from desktop_app.panels.findings_runner import FindingsRunner
from desktop_app.panels.waiver_dialog import ask_waiver
from models.analysis import RULES, Analysis, Finding
from models.analysis.grouping import FindingGroup, grouped
from models.domain import Integration, IntegrationKind, Model, ModelError, Severity, Waiver
from models.notation import SEVERITY_COLOURS

EXPIRED_WAIVER_RULE = "WVR-001"
"""The analysis's "waiver expired" rule: its Waive button renews that waiver instead."""
MAX_PER_GROUP = 400
"""Rows shown per severity; more are summarised (a 10,000-service model has ~30,000)."""
_FINDING = Qt.ItemDataRole.UserRole
Badges = dict[str, tuple[int, Severity]]


def badges_of(analysis: Analysis, service_ids: Iterable[str]) -> Badges:
    """``{service_id: (unwaived findings naming it, worst severity)}`` for the canvas."""
    services = set(service_ids)
    badges: dict[str, tuple[int, Severity]] = {}
    for finding in analysis.unwaived:
        for subject in dict.fromkeys(finding.subjects):
            if subject in services:
                count, worst = badges.get(subject, (0, finding.severity))
                badges[subject] = (count + 1, max(worst, finding.severity))
    return badges


def subject_name(model: Model | None, subject: str, *, with_kind: bool = False) -> str:
    """A finding's subject as people call it: a service or team by its name, an
    integration as "Source → Target" (with its kind in brackets when ``with_kind``)."""
    if model is None:
        return subject
    integration: Integration | None = model.integrations.get(subject)
    if integration is not None:
        ends = [model.services.get(sid) for sid in (integration.source_id,
                                                    integration.target_id)]
        source, target = (s.name if s is not None and s.name else sid for s, sid in
                          zip(ends, (integration.source_id, integration.target_id),
                              strict=True))
        text = f"{source} → {target}"
        if with_kind:
            text += f" ({IntegrationKind(integration.kind).label.lower()})"
        return text
    for pool in (model.services, model.teams, model.zones, model.locations):
        obj = pool.get(subject)
        if obj is not None:
            return obj.name or subject
    return subject


class FindingsPanel(QWidget):
    """Findings grouped by severity, with filters, explanation and waiving."""

    subjects_activated = Signal(list)
    """Select and centre these ids on the canvas."""
    badges_changed = Signal(dict)
    """New canvas badges (see :func:`badges_of`)."""
    problem = Signal(str)
    """An action of the panel was refused; the message is for the user (status bar)."""

    def __init__(self, runner: FindingsRunner | None = None) -> None:
        super().__init__()
        self.setObjectName("findings")
        self.editor: DocumentEditor | None = None
        self.runner = runner or FindingsRunner(self)
        self.runner.analysed.connect(self.show_analysis)
        self.runner.started.connect(lambda: self.summary.setText("Analysing…"))
        self.runner.failed.connect(lambda msg: self.summary.setText(f"Analysis failed: {msg}"))
        self.analysis: Analysis | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        filters = QHBoxLayout()
        self.severity = QComboBox()
        self.severity.addItem("All severities", None)
        for severity in sorted(Severity, reverse=True):
            self.severity.addItem(f"{severity.word.capitalize()} and worse", severity)
        self.rule = QComboBox()
        self.rule.addItem("All rules", None)
        for rule_id in sorted(RULES):
            self.rule.addItem(f"{rule_id} · {RULES[rule_id].title}", rule_id)
        self.rule.setMinimumContentsLength(10)
        self.rule.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.text = QLineEdit()
        self.text.setPlaceholderText("Filter text")
        self.text.setClearButtonEnabled(True)
        self.show_waived = QCheckBox("Waived")
        self.show_waived.setChecked(True)
        for widget in (self.severity, self.rule, self.text, self.show_waived):
            filters.addWidget(widget)
        self.severity.currentIndexChanged.connect(self.refill)
        self.rule.currentIndexChanged.connect(self.refill)
        self.text.textChanged.connect(self.refill)
        self.show_waived.toggled.connect(self.refill)
        layout.addLayout(filters)
        self.summary = QLabel("Analysing…")
        self.summary.setObjectName("findings-summary")
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.tree = QTreeWidget()
        self.tree.setObjectName("findings-tree")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Rule", "Subject", "Finding"])
        self.tree.setUniformRowHeights(True)
        self.tree.setRootIsDecorated(True)
        self.tree.currentItemChanged.connect(lambda item, _prev: self._explain(item))
        self.tree.itemActivated.connect(lambda item, _col: self.activate(item))
        self.tree.itemClicked.connect(lambda item, _col: self.activate(item))
        split.addWidget(self.tree)
        details = QWidget()
        column = QVBoxLayout(details)
        column.setContentsMargins(0, 0, 0, 0)
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.setPlaceholderText("Select a finding for its explanation")
        column.addWidget(self.details)
        buttons = QHBoxLayout()
        self.waive_button = QPushButton("Waive…")
        self.waive_button.clicked.connect(self.waive_current)
        self.waive_button.setEnabled(False)
        self.decide_button = QPushButton("Decide…")
        self.decide_button.setObjectName("decide-button")
        self.decide_button.setToolTip("Record what the review decided about this finding: "
                                      "fix, accept the risk or defer, with an action")
        self.decide_button.clicked.connect(self.decide_current)
        self.decide_button.setEnabled(False)
        # Stacked, so the explanation side needs no more width than one button: the list
        # keeps most of the room in a narrow panel.
        stack = QVBoxLayout()
        stack.addWidget(self.decide_button)
        stack.addWidget(self.waive_button)
        buttons.addStretch(1)
        buttons.addLayout(stack)
        column.addLayout(buttons)
        split.addWidget(details)
        split.setStretchFactor(0, 3)  # the list gets most of the room, now and on resizing
        split.setStretchFactor(1, 1)
        split.setSizes([720, 280])
        layout.addWidget(split, 1)  # a taller panel gives its height to the list
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.fontChanged.connect(self._font_changed)

    # ------------------------------------------------------------------ binding

    def set_editor(self, editor: DocumentEditor | None) -> None:
        self.editor = editor
        self.analysis = None
        self.tree.clear()
        self.details.clear()
        self.runner.set_editor(editor)

    def show_analysis(self, analysis: Analysis) -> None:
        self.analysis = analysis
        counts = analysis.counts()
        parts = [f"{n} {s.word}" for s, n in counts.items() if n]
        waived = sum(1 for f in analysis.findings if f.waived)
        text = " · ".join(parts) if parts else "No open findings"
        if waived:
            text += f" · {waived} waived"
        self.summary.setText(f"{text}  (as of {self.runner.today():%Y-%m-%d})")
        self.refill()
        if self.editor is not None:
            self.badges_changed.emit(badges_of(analysis, self.editor.model.services))

    # ------------------------------------------------------------------ list

    def matcher(self) -> Callable[[Finding], bool]:
        """The current filters as one test (read once per refill, not once per finding)."""
        minimum = self.severity.currentData()
        rule = self.rule.currentData()
        show_waived = self.show_waived.isChecked()
        needle = self.text.text().strip().lower()

        def matches(finding: Finding) -> bool:
            if minimum is not None and finding.severity < minimum:
                return False
            if rule is not None and finding.rule != rule:
                return False
            if finding.waived and not show_waived:
                return False
            if needle:
                words = (finding.rule, finding.message, *self._names(finding.subjects))
                return needle in " ".join(words).lower()
            return True

        return matches

    def refill(self) -> None:
        """Rebuild the rows from the latest analysis and the filters (selection kept)."""
        current = self.current_finding()
        self.tree.setUpdatesEnabled(False)
        try:
            self.tree.clear()
            if self.analysis is None:
                return
            groups: dict[Severity, list[Finding | FindingGroup]] = {}
            matches = self.matcher()
            for entry in grouped(f for f in self.analysis.findings if matches(f)):
                groups.setdefault(entry.severity, []).append(entry)
            restore: QTreeWidgetItem | None = None
            for severity in sorted(groups, reverse=True):
                entries = groups[severity]
                count = sum(len(e.findings) if isinstance(e, FindingGroup) else 1
                            for e in entries)
                group = QTreeWidgetItem([f"{severity.word.capitalize()} ({count})"])
                group.setForeground(0, QBrush(QColor(SEVERITY_COLOURS[severity.word])))
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                self.tree.addTopLevelItem(group)
                group.setFirstColumnSpanned(True)  # only once in the tree; else ignored
                items = [self._entry(e) for e in entries[:MAX_PER_GROUP]]
                group.addChildren(items)
                for item in items:  # a root cause shows its facets (once in the tree)
                    item.setExpanded(item.childCount() > 0)
                if len(entries) > MAX_PER_GROUP:
                    more = QTreeWidgetItem(
                        [f"… {len(entries) - MAX_PER_GROUP} more: narrow the filter to see them"]
                    )
                    group.addChild(more)
                    more.setFirstColumnSpanned(True)
                group.setExpanded(severity >= Severity.HIGH or len(groups) == 1)
                if current is not None and restore is None:
                    restore = self._item_in(group, current)
            if restore is not None:
                self.tree.setCurrentItem(restore)
        finally:
            self.tree.setUpdatesEnabled(True)
            self.fit_columns()

    def fit_columns(self) -> None:
        """Rule and subject columns as wide as their text (the subject at most a third of
        the list), so neither is cut, also after View ▸ Larger Text."""
        self.tree.resizeColumnToContents(0)
        self.tree.resizeColumnToContents(1)
        widest = max(self.tree.viewport().width() // 3, 120)
        if self.tree.columnWidth(1) > widest:
            self.tree.setColumnWidth(1, widest)

    def _font_changed(self, _font: object = None) -> None:
        QTimer.singleShot(0, self, self.fit_columns)  # after the rows took the new font

    def _entry(self, entry: Finding | FindingGroup) -> QTreeWidgetItem:
        """A finding's row, or a root cause's heading with its facets under it (expanded)."""
        if isinstance(entry, Finding):
            return self._row(entry)
        size = len(entry.findings)
        heading = QTreeWidgetItem([entry.rules, ", ".join(self._names([entry.subject])),
                                   f"{entry.cause.capitalize()}: {size} related findings"])
        font = heading.font(2)
        font.setItalic(True)
        heading.setFont(2, font)
        heading.setToolTip(2, "One root cause on one subject; each facet is listed below "
                              "with its own rule and severity.")
        heading.addChildren([self._row(f, facet=True) for f in entry.findings])
        return heading

    def _row(self, finding: Finding, *, facet: bool = False) -> QTreeWidgetItem:
        subjects = ", ".join(self._names(finding.subjects[:3]))
        if len(finding.subjects) > 3:
            subjects += f" +{len(finding.subjects) - 3}"
        message = finding.message + ("  (waived)" if finding.waived else "")
        rule = f"{finding.rule} · {finding.severity.word}" if facet else finding.rule
        item = QTreeWidgetItem([rule, subjects, message])
        item.setData(0, _FINDING, finding)
        item.setToolTip(2, finding.message)
        if finding.waived:
            for column in range(3):
                item.setForeground(column, QBrush(QColor("#868e96")))
        return item

    def _names(self, ids: Iterable[str]) -> list[str]:
        model = self.editor.model if self.editor is not None else None
        return [subject_name(model, subject) for subject in ids]

    def current_finding(self) -> Finding | None:
        item = self.tree.currentItem()
        return item.data(0, _FINDING) if item is not None else None

    def _rows(self, parent: QTreeWidgetItem) -> Iterable[QTreeWidgetItem]:
        """The finding rows under a severity, facets of a root cause included."""
        for row in range(parent.childCount()):
            child = parent.child(row)
            if child.data(0, _FINDING) is not None:
                yield child
            else:
                yield from self._rows(child)

    def findings_shown(self) -> list[Finding]:
        return [item.data(0, _FINDING)
                for g in range(self.tree.topLevelItemCount())
                for item in self._rows(self.tree.topLevelItem(g))]

    def _item_in(self, parent: QTreeWidgetItem, finding: Finding) -> QTreeWidgetItem | None:
        return next((i for i in self._rows(parent) if i.data(0, _FINDING) == finding), None)

    def item_for(self, finding: Finding) -> QTreeWidgetItem | None:
        for g in range(self.tree.topLevelItemCount()):
            found = self._item_in(self.tree.topLevelItem(g), finding)
            if found is not None:
                return found
        return None

    # ------------------------------------------------------------------ acting

    def activate(self, item: QTreeWidgetItem | None) -> None:
        """Select and centre the finding's subjects that are on the canvas."""
        finding = item.data(0, _FINDING) if item is not None else None
        if finding is None or self.editor is None:
            return
        model = self.editor.model
        on_canvas = [s for s in finding.subjects if s in model.services or s in model.integrations]
        if on_canvas:
            self.subjects_activated.emit(on_canvas)

    def expired_waiver(self, finding: Finding) -> Waiver | None:
        """For a "waiver expired" finding, the expired waiver it reports (renewable)."""
        if finding.rule != EXPIRED_WAIVER_RULE or self.editor is None:
            return None
        today = self.runner.today()
        expired = [w for (rule, subject), w in sorted(self.editor.model.waivers.items())
                   if subject == finding.primary_subject and w.expires is not None
                   and w.expires < today]
        named = [w for w in expired if f"waiver of {w.rule} " in finding.message]
        return (named or expired or [None])[0]

    def waive_current(self) -> None:
        """Waive the selected finding, renew the expired waiver of a "waiver expired" finding
        (or of the finding itself), or remove the waiver of a waived one."""
        finding = self.current_finding()
        if finding is None or self.editor is None:
            return
        subject = finding.primary_subject
        try:
            if finding.waived:
                self.editor.remove_waiver(finding.rule, subject)
                return
            # An expired waiver still exists: waiving again renews it rather than adding a
            # second one for the same rule and subject (which the model refuses).
            existing = self.expired_waiver(finding)
            if existing is not None:
                finding = dataclasses.replace(finding, rule=existing.rule)
            else:
                existing = self.editor.model.waivers.get((finding.rule.upper(), subject))
            name = subject_name(self.editor.model, subject, with_kind=True)
            answer = ask_waiver(self, finding, self.runner.today(), name, existing)
            if answer is None:
                return
            if existing is not None:
                self.editor.update(
                    Waiver, (existing.rule, existing.subject), reason=answer.reason,
                    accepted_by=answer.accepted_by, expires=answer.expires,
                )
            else:
                self.editor.add_waiver(
                    finding.rule, subject, answer.reason, answer.accepted_by, answer.expires
                )
        except ModelError as exc:
            self.problem.emit(f"Could not change the waiver: {exc}")

    def decide_current(self) -> None:
        """Record (or change) the review's decision on the selected finding."""
        finding = self.current_finding()
        if finding is not None and finding.primary_subject:
            self.decide(finding.primary_subject, finding.rule, finding.message)

    def decide(self, subject: str, rule: str, message: str = "") -> None:
        """The decision dialog for a finding (``rule``) or a whole service (``rule`` "")."""
        if self.editor is None:
            return
        model = self.editor.model
        name = subject_name(model, subject, with_kind=True)
        about = f"{rule} on “{name}”: {message}" if rule else f"“{name}” as a whole"
        answer = ask_decision(self, model, subject, rule, self.runner.today(), about=about,
                              existing=latest_decision(model, subject, rule))
        if answer is None:
            return
        try:
            self.editor.record_decision(answer)
        except ModelError as exc:
            self.problem.emit(f"Could not record the decision: {exc}")

    def _explain(self, item: QTreeWidgetItem | None) -> None:
        finding = item.data(0, _FINDING) if item is not None else None
        self.waive_button.setEnabled(finding is not None and bool(finding.primary_subject))
        self.decide_button.setEnabled(finding is not None and bool(finding.primary_subject))
        if finding is None:
            self.details.clear()
            return
        if finding.waived:
            self.waive_button.setText("Remove waiver")
        elif self.expired_waiver(finding) is not None or (
            self.editor is not None
            and (finding.rule, finding.primary_subject) in self.editor.model.waivers
        ):
            self.waive_button.setText("Renew waiver…")
        else:
            self.waive_button.setText("Waive…")
        self.details.setHtml(self.explanation(finding))

    def explanation(self, finding: Finding) -> str:
        """The rule's reason and advice, the finding, and blast radius / recovery wave."""
        esc = html.escape
        rule = RULES.get(finding.rule)
        colour = SEVERITY_COLOURS[finding.severity.word]
        parts = [
            f"<p><b>{esc(finding.rule)}</b> · <span style='color:{colour}'>"
            f"{finding.severity.word}</span>"
            + (f" — {esc(rule.title)}" if rule else "") + "</p>",
            f"<p>{esc(finding.message)}</p>",
        ]
        if rule is not None:
            parts.append(f"<p><i>Why it matters:</i> {esc(rule.rationale)}</p>")
        parts.append(f"<p><i>What to do:</i> {esc(finding.recommendation)}</p>")
        if finding.waived and self.editor is not None:
            waiver = self.editor.model.waivers.get((finding.rule, finding.primary_subject))
            if waiver is not None:
                until = waiver.expires.isoformat() if waiver.expires else "no expiry"
                parts.append(f"<p><i>Waived</i> by {esc(waiver.accepted_by)} until {until}: "
                             f"{esc(waiver.reason)}</p>")
        parts += self._decisions(finding)
        parts += self._service_facts(finding)
        return "".join(parts)

    def _decisions(self, finding: Finding) -> list[str]:
        """What reviews decided about this finding, newest first."""
        if self.editor is None:
            return []
        esc = html.escape
        found = sorted((d for d in self.editor.model.decisions.values()
                        if d.subject == finding.primary_subject and d.rule == finding.rule),
                       key=lambda d: (d.decided_on or dt.date.min, d.id), reverse=True)
        rows = []
        for d in found:
            outcome = d.outcome.label if d.outcome is not None else "Not decided"
            until = f" until {d.until.isoformat()}" if d.until else ""
            when = f" ({d.decided_on.isoformat()})" if d.decided_on else ""
            action = (f"; action: {esc(d.action)} — {d.action_status}"
                      + (f", due {d.action_due.isoformat()}" if d.action_due else "")
                      if d.has_action else "")
            rows.append(f"<li><b>{esc(outcome)}</b>{until}{when}{action}</li>")
        return [f"<p><i>Decided:</i></p><ul>{''.join(rows)}</ul>"] if rows else []

    def _service_facts(self, finding: Finding) -> list[str]:
        if self.analysis is None or self.editor is None:
            return []
        waves = {sid: n for n, wave in enumerate(self.analysis.recovery_waves) for sid in wave}
        rows = []
        for subject in dict.fromkeys(finding.subjects):
            service = self.editor.model.services.get(subject)
            if service is None:
                continue
            radius = self.analysis.blast_radius.get(subject, 0)
            wave = waves.get(subject)
            wave_text = f"recovery wave {wave + 1}" if wave is not None else "no recovery wave"
            services = "service" if radius == 1 else "services"
            rows.append(f"<li>{html.escape(service.name or subject)}: blast radius {radius} "
                        f"{services}, {wave_text}</li>")
        return [f"<ul>{''.join(rows)}</ul>"] if rows else []
