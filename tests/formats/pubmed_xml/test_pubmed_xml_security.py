"""PubMed XML reader against hostile documents: entity declarations refused before parsing, no DTD
loaded, no file or network touched."""

from __future__ import annotations

import http.server
import threading

import pytest
from conftest import FIXTURES

import medbib
from medbib.core.errors import SecurityError

FIX = FIXTURES / "pubmed-xml"


def read_bytes(data: bytes, strict: bool = False) -> tuple[list, medbib.FileSummary]:
    summary = medbib.FileSummary("<test>")
    recs = list(medbib.read(data, format="pubmed-xml", summary=summary, strict=strict))
    return recs, summary



# --------------------------------------------------------------------------- security
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>
<ArticleTitle>&lol9;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>
"""


def test_billion_laughs_refused():
    recs, summary = read_bytes(BILLION_LAUGHS)
    assert recs == []
    assert len(summary.errors) == 1 and isinstance(summary.errors[0], SecurityError)
    assert "entit" in str(summary.errors[0])
    with pytest.raises(SecurityError):
        read_bytes(BILLION_LAUGHS, strict=True)


def test_external_entity_refused_and_file_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER")
    doc = (f'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
           "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
           "<ArticleTitle>&xxe;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>")
    recs, summary = read_bytes(doc.encode())
    assert recs == []
    assert isinstance(summary.errors[0], SecurityError)
    assert "external entity" in str(summary.errors[0])
    assert "TOP-SECRET-MARKER" not in str(summary.errors[0])


def test_external_dtd_never_loaded(tmp_path):
    """A DOCTYPE pointing at a DTD file (or URL) is read without loading it: its entities stay unexpanded."""
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY secret "TOP-SECRET-MARKER">')
    doc = (f'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet SYSTEM "{dtd.as_uri()}">\n'
           "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>7</PMID><Article>"
           "<ArticleTitle>A &secret; title.</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
           "</PubmedArticleSet>")
    recs, summary = read_bytes(doc.encode())
    assert "TOP-SECRET-MARKER" not in repr([r.to_dict() for r in recs])
    assert "TOP-SECRET-MARKER" not in repr([str(e) for e in summary.errors])


def test_pubmed_doctype_read_without_touching_the_network():
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        raw = (FIX / "journal-article.xml").read_bytes().replace(
            b"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd",
            f"http://127.0.0.1:{port}/pubmed_250101.dtd".encode())
        assert f"127.0.0.1:{port}".encode() in raw
        recs, summary = read_bytes(raw)
    finally:
        server.shutdown()
        server.server_close()
    assert [r.pmid for r in recs] == ["38534005"] and summary.errors == []
    assert hits == []
