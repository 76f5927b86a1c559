"""The design-review PDF a review board reads, built with reportlab platypus. Qt-free.

    from models.report import export_pdf
    export_pdf(document.model, "review.pdf", as_of=datetime.date(2026, 11, 25))
"""

from models.report.pdf import export_pdf
from models.report.progress import ExportCancelled

__all__ = ["ExportCancelled", "export_pdf"]
