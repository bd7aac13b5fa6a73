"""The shared vocabulary of the record model: item types, link kinds, months, seasons, name suffixes.

Data only. What is particular to one format (MEDLINE's link tags, BibTeX's month macros) lives
with that format; what several formats name alike lives here once.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------- item types
# CSL item types medbib produces (a subset of CSL's list; readers of CSL-JSON may set any CSL type).
ARTICLE_JOURNAL = "article-journal"
BOOK = "book"
CHAPTER = "chapter"
PREPRINT = "article"  # CSL 1.0.2 has no "preprint"; "article" is its preprint/working-paper type
DATASET = "dataset"
REPORT = "report"
THESIS = "thesis"
WEBPAGE = "webpage"
DOCUMENT = "document"
PAPER_CONFERENCE = "paper-conference"

# --------------------------------------------------------------------------- links
#: Link.kind (PubMed XML's CommentsCorrections/@RefType) -> the words that introduce it in text:
#: PubMed's Abstract (text) headers, and medbib's notes in RIS and BibTeX
LINK_HEADERS: dict[str, str] = {
    "CommentIn": "Comment in",
    "CommentOn": "Comment on",
    "ErratumIn": "Erratum in",
    "ErratumFor": "Erratum for",
    "UpdateIn": "Update in",
    "UpdateOf": "Update of",
    "RetractionIn": "Retraction in",
    "RetractionOf": "Retraction of",
    "PartialRetractionIn": "Partial retraction in",
    "PartialRetractionOf": "Partial retraction of",
    "ExpressionOfConcernIn": "Expression of concern in",
    "ExpressionOfConcernFor": "Expression of concern for",
    "CorrectedandRepublishedIn": "Corrected and republished in",
    "CorrectedandRepublishedFrom": "Corrected and republished from",
    "RetractedandRepublishedIn": "Retracted and republished in",
    "RetractedandRepublishedFrom": "Retracted and republished from",
    "RepublishedIn": "Republished in",
    "RepublishedFrom": "Republished from",
    "SummaryForPatientsIn": "Summary for patients in",
    "OriginalReportIn": "Original report in",
    "ReprintIn": "Reprint in",
    "ReprintOf": "Reprint of",
    "AssociatedDataset": "Associated dataset",
    "AssociatedPublication": "Associated publication",
}
#: the header in lower case -> Link.kind (for readers of notes, whatever their case)
LINK_KIND_BY_HEADER: dict[str, str] = {header.lower(): kind for kind, header in LINK_HEADERS.items()}

# --------------------------------------------------------------------------- months and seasons
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    # seen in PubMed data: Spanish/Portuguese/French/German abbreviations
    "ene": 1, "fev": 2, "fév": 2, "abr": 4, "mai": 5, "ago": 8, "set": 9, "okt": 10, "dez": 12,
    "dic": 12, "avr": 4, "juil": 7, "sept": 9, "déc": 12, "mär": 3, "mrz": 3,
}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
MONTH_ABBR = tuple(name[:3] for name in MONTH_NAMES)
#: a season as written (lower case) -> medbib's name for it
SEASON_NAMES = {"spring": "Spring", "summer": "Summer", "fall": "Fall", "autumn": "Fall", "winter": "Winter"}
#: season name -> the month number CSL and EDTF give it (21..24)
SEASON_CODES = {"Spring": 21, "Summer": 22, "Fall": 23, "Autumn": 23, "Winter": 24}
#: 21..24 -> season name
SEASON_BY_CODE = {code: name for name, code in SEASON_CODES.items() if name != "Autumn"}

# --------------------------------------------------------------------------- name suffixes
# Generational and ordinal suffixes after a given name, one list for every reader
# (core.names.split_suffix / split_short_suffix apply it): Jr, Sr, 2nd, 3rd, 4th…, II, III, IV, V, VI,
# with or without a final ".". A lone "V" glued to a given name is an initial, not a suffix.
NAME_SUFFIX = re.compile(r"^(?:Jr|Sr|\d+(?:st|nd|rd|th)|II|III|IV|V|VI)\.?$")
