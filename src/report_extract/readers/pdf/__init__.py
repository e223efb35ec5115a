"""PDF reader: pdfplumber's characters and drawing, read once per page.

Produces paragraphs (wrapped lines joined, headings on their own, page
furniture set aside in ``Document.furniture``) and tables rebuilt from
visible ruling (:mod:`.ruling`, :mod:`.grid`, with rows and columns whose
borders are missing repaired from the text, :mod:`.repair`) or, where text
left over by ruled tables is laid out in aligned columns, from text alignment
alone (:mod:`.text_table`: borderless and three-line tables), with tables cut
by page breaks stitched into one (:mod:`.stitch`). Every block and cell
remembers its 1-based page and bbox in PDF points (pdfplumber's page
coordinates: x0, top, x1, bottom). Every threshold lives in
:class:`.settings.TableSettings`; each table's ``method`` names the settings
in force.
"""
from .reader import no_text_layer, read
from .settings import DEFAULT, TableSettings
from .text import is_wide

__all__ = ["read", "no_text_layer", "TableSettings", "DEFAULT", "is_wide"]
