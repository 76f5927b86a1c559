"""Colleagues' changes and conflict resolutions as one undo step.

A refresh or a resolution arrives as a plan of reversible steps (what each entity should
become, see :mod:`models.repository.edits`); here they become one entry on the undo
stack. Undoing it also puts back what the model was based on in the repository —
otherwise the undone entities would look like the user's own edits and a save would
write the colleague's changes away.
"""

from __future__ import annotations

from desktop_app.editing.commands import EditCommand
from desktop_app.editing.document_editor import DocumentEditor
from models.editing.steps import Step
from models.repository import Checkout, RefreshPlan

BaseState = tuple[int, dict, dict]


class RepositoryEditCommand(EditCommand):
    """Apply a refresh or a resolution; undo restores the model *and* its base."""

    def __init__(self, editor: DocumentEditor, checkout: Checkout, text: str,
                 steps: list[Step]) -> None:
        super().__init__(editor.model, text, steps)
        self._checkout = checkout
        self.before: BaseState = checkout.base_state()
        self.after: BaseState = self.before

    def redo(self) -> None:
        super().redo()
        self._checkout.restore_base(self.after)

    def undo(self) -> None:
        super().undo()
        self._checkout.restore_base(self.before)


def apply_plan(editor: DocumentEditor, checkout: Checkout, plan: RefreshPlan, text: str) -> bool:
    """Carry out a refresh or resolution plan as one undo step; ``False`` when it changed
    nothing in the model (the base still moves on)."""
    if not plan.steps:
        checkout.complete_refresh(plan)
        return False
    command = RepositoryEditCommand(editor, checkout, text, plan.steps)
    command.apply_first()
    checkout.complete_refresh(plan)
    command.after = checkout.base_state()
    editor.undo_stack.push(command)
    editor.document.commit()
    return True
