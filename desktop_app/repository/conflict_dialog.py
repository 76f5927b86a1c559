"""The conflict dialog: a colleague changed what you changed — choose, field by field.

Each conflicting entity (a service, say) gets a page: one row per field where the two
versions differ, with the value it had when you opened the model, yours and theirs, and
a choice between yours and theirs (theirs is preselected where you did not touch the
field). When one side removed the entity the choice is the whole entity: keep it (with
your fields) or let it go. Nothing is written until the user applies the choices; the
result is one content per entity, resolved by :meth:`Checkout.plan_resolution`.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models.comparison import describe, flatten, unflatten
from models.repository import Conflict
from models.repository.checkout import describe_when

MINE, THEIRS = 0, 1


def shown_value(value: Any) -> str:
    """A field's value as a short line of text (lists and objects as JSON)."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value if value else "(empty)"
    return json.dumps(value, ensure_ascii=False)


class _EntityPage(QWidget):
    """The choices for one conflicting entity."""

    def __init__(self, conflict: Conflict) -> None:
        super().__init__()
        self.conflict = conflict
        layout = QVBoxLayout(self)
        who = conflict.author or "a colleague"
        when = describe_when(conflict.saved_at)
        where = f" in revision {conflict.revision}" if conflict.revision else ""
        heading = QLabel(f"<b>{describe(conflict.key)}</b> — changed by {who}{where}"
                         f"{' on ' + when if when else ''}")
        heading.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(heading)
        if conflict.reason:
            reason = QLabel(conflict.reason)
            reason.setWordWrap(True)
            layout.addWidget(reason)
        self.groups: dict[str, QButtonGroup] = {}
        self.whole: QButtonGroup | None = None
        if conflict.mine is None or conflict.theirs.content is None:
            self._whole_entity(layout)
        else:
            self._field_table(layout)

    def _whole_entity(self, layout: QVBoxLayout) -> None:
        removed_by_me = self.conflict.mine is None
        mine = QRadioButton("Remove it, as I did" if removed_by_me else
                            "Keep it, with my changes")
        theirs = QRadioButton("Keep their version" if removed_by_me else
                              "Let it go, as they removed it")
        mine.setObjectName("choose-mine")
        theirs.setObjectName("choose-theirs")
        self.whole = QButtonGroup(self)
        self.whole.addButton(mine, MINE)
        self.whole.addButton(theirs, THEIRS)
        theirs.setChecked(True)
        layout.addWidget(mine)
        layout.addWidget(theirs)
        layout.addStretch(1)

    def _field_table(self, layout: QVBoxLayout) -> None:
        base = flatten(self.conflict.base) if self.conflict.base is not None else {}
        rows = self.conflict.fields
        table = QTableWidget(len(rows), 5)
        table.setObjectName("conflict-fields")
        table.setHorizontalHeaderLabels(["Field", "When you opened it", "Mine", "Theirs",
                                         "Keep"])
        table.verticalHeader().hide()
        for row, (path, mine, theirs) in enumerate(rows):
            original = base.get(path)
            for column, text in enumerate((path or "position", shown_value(original),
                                           shown_value(mine), shown_value(theirs))):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                table.setItem(row, column, item)
            choice = QWidget()
            buttons = QHBoxLayout(choice)
            buttons.setContentsMargins(4, 0, 4, 0)
            group = QButtonGroup(choice)
            for label, number in (("Mine", MINE), ("Theirs", THEIRS)):
                button = QRadioButton(label)
                button.setObjectName(f"{path}:{label.lower()}")
                group.addButton(button, number)
                buttons.addWidget(button)
            # Where only they changed the field, theirs is the obvious keep; where I
            # changed it, the user decides — mine is preselected so nothing I typed is
            # lost by a hasty OK.
            group.button(MINE if mine != original else THEIRS).setChecked(True)
            table.setCellWidget(row, 4, choice)
            self.groups[path] = group
        table.resizeColumnsToContents()
        layout.addWidget(table, 1)

    def choose_all(self, side: int) -> None:
        if self.whole is not None:
            self.whole.button(side).setChecked(True)
        for group in self.groups.values():
            group.button(side).setChecked(True)

    def content(self) -> Any:
        """The entity as chosen (``None``: removed)."""
        conflict = self.conflict
        if self.whole is not None:
            return conflict.mine if self.whole.checkedId() == MINE else conflict.theirs.content
        chosen = flatten(conflict.theirs.content)
        mine = flatten(conflict.mine)
        for path, group in self.groups.items():
            if group.checkedId() == MINE:
                if path in mine:
                    chosen[path] = mine[path]
                else:
                    chosen.pop(path, None)
        return unflatten(chosen, conflict.theirs.content)


class ConflictDialog(QDialog):
    """Lists the conflicts of a save; :meth:`choices` gives the content chosen for each."""

    def __init__(self, conflicts: list[Conflict], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflicts")
        self.setWindowTitle("Conflicting changes")
        self.resize(900, 480)
        layout = QVBoxLayout(self)
        count = len(conflicts)
        intro = QLabel(
            f"{count} of your changes {'was' if count == 1 else 'were'} not saved: "
            f"colleagues saved changes to the same {'item' if count == 1 else 'items'} "
            "meanwhile (your other changes, if any, were saved). Choose what to keep; "
            "the choice is saved to the repository and can be undone here like any edit."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        body = QHBoxLayout()
        self.entities = QListWidget()
        self.entities.setObjectName("conflict-entities")
        self.pages = QStackedWidget()
        self._pages: list[_EntityPage] = []
        for conflict in conflicts:
            self.entities.addItem(describe(conflict.key))
            page = _EntityPage(conflict)
            self._pages.append(page)
            self.pages.addWidget(page)
        self.entities.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.entities.setCurrentRow(0)
        self.entities.setMaximumWidth(260)
        body.addWidget(self.entities)
        body.addWidget(self.pages, 1)
        layout.addLayout(body, 1)
        row = QHBoxLayout()
        self.all_mine = QPushButton("Keep &Mine Everywhere")
        self.all_theirs = QPushButton("Keep &Theirs Everywhere")
        self.all_mine.clicked.connect(lambda: self._choose_all(MINE))
        self.all_theirs.clicked.connect(lambda: self._choose_all(THEIRS))
        row.addWidget(self.all_mine)
        row.addWidget(self.all_theirs)
        row.addStretch(1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel
        )
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setText("&Apply and Save")
        self.apply_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        layout.addLayout(row)

    def page(self, index: int) -> _EntityPage:
        return self._pages[index]

    def _choose_all(self, side: int) -> None:
        for page in self._pages:
            page.choose_all(side)

    def choices(self) -> list[tuple[Conflict, Any]]:
        return [(page.conflict, page.content()) for page in self._pages]
