"""CSL-JSON: the one table that the reader, the writer and docs/formats/csljson.md use.

The standard variables (:mod:`.variables`) in the order an item's variables are written, then
``custom`` (:mod:`.custom`), medbib's extension that carries the rest. CSL-JSON loses nothing, so
the table has no :class:`~medbib.plugins.rules.Lost` lines. Variables no line reads are kept in
``record.extra`` as ``csljson:<variable>``.
"""

from __future__ import annotations

from ...plugins.rules import Rule, RuleTable
from .custom import read_custom, write_custom
from .variables import STANDARD

TABLE = RuleTable([
    *STANDARD,
    Rule("custom", read=read_custom, write=write_custom, whole=True,
         note="every other field under its own name, and what the variables above flatten (abstract "
              "sections, every language, URL and ISBN, ISSN kinds, keywords and MeSH as objects); "
              "name details as `<field>_extra`, dates with a time as `<field>_date`"),
])
