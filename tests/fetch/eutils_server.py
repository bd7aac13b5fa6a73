"""A stand-in for NCBI's E-utilities on 127.0.0.1, answering ``esearch.fcgi`` and
``efetch.fcgi`` from the real PubMed records of ``fixtures/eutils/pubmed-records.xml.gz``.

It records every request (monotonic time, endpoint, parameters), can be told to answer the next
requests with an injected status (429 with ``Retry-After``, 503…), a dropped connection, a slow
or a truncated answer; it knows searches (term -> PMIDs) and keeps their results on a "history
server" for ``WebEnv``/``query_key`` paging. PMIDs it has no record for are left out of efetch
answers, as NCBI does.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from lxml import etree

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "eutils" / "pubmed-records.xml.gz"
DOCTYPE = (b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January '
           b'2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n')


@dataclass
class Record:
    pmid: str
    xml: bytes
    doi: str | None
    pmcid: str | None


def load_records(path: Path = FIXTURE) -> list[Record]:
    """The fixture's records in file order, each with its DOI and PMCID (from ArticleIdList)."""
    root = etree.fromstring(gzip.decompress(path.read_bytes()),
                            etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True))
    out = []
    for el in root:
        pmid = el.findtext("MedlineCitation/PMID")
        doi = el.findtext("PubmedData/ArticleIdList/ArticleId[@IdType='doi']")
        pmc = el.findtext("PubmedData/ArticleIdList/ArticleId[@IdType='pmc']")
        out.append(Record(pmid, etree.tostring(el, encoding="UTF-8", xml_declaration=False, with_tail=False),
                          doi, pmc))
    return out


def first_records_xml(n: int, path: Path = FIXTURE) -> bytes:
    """The fixture's real XML cut after its first ``n`` records (a plain cut of the bytes)."""
    data = gzip.decompress(path.read_bytes())
    starts = [m.start() for m in re.finditer(rb"<PubmedArticle>", data)]
    return data[: starts[n]] + b"</PubmedArticleSet>\n"


#: PMIDs the server has no record for
UNKNOWN = ["99999991", "99999992", "99999993"]


def clone(rec: Record, pmid: str) -> Record:
    """A real record under another PMID (for runs larger than the fixture: batching, paging)."""
    xml = rec.xml.replace(f">{rec.pmid}</PMID>".encode(), f">{pmid}</PMID>".encode(), 1)
    return Record(pmid, xml, None, None)


@dataclass
class Request:
    time: float
    endpoint: str
    params: dict[str, str]

    @property
    def ids(self) -> list[str]:
        return [i for i in self.params.get("id", "").split(",") if i]


@dataclass
class Injected:
    status: int = 503
    headers: dict[str, str] = field(default_factory=dict)
    endpoint: str | None = None  # only for this endpoint (None: any)
    kind: str = "status"  # "status" | "drop" | "slow" | "truncated"
    seconds: float = 0.0


class EutilsServer:
    def __init__(self, records: list[Record]) -> None:
        self.records = {r.pmid: r for r in records}
        self.by_doi = {r.doi.lower(): r.pmid for r in records if r.doi}
        self.by_pmcid = {r.pmcid.upper(): r.pmid for r in records if r.pmcid}
        self.searches: dict[str, list[str]] = {}
        self.counts: dict[str, int] = {}  # a count larger than the ids known (the 10,000 cap)
        self.histories: dict[str, list[str]] = {}
        self.requests: list[Request] = []
        self.injected: deque[Injected] = deque()
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> EutilsServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def add(self, *records: Record) -> None:
        for r in records:
            self.records[r.pmid] = r

    def inject(self, *answers: Injected) -> None:
        self.injected.extend(answers)

    def of(self, endpoint: str) -> list[Request]:
        return [r for r in self.requests if r.endpoint == endpoint]

    # ---------------------------------------------------------------- answers
    def esearch(self, p: dict[str, str]) -> tuple[int, str, bytes]:
        term = p.get("term", "")
        m = re.fullmatch(r'"(.+)"\[aid\]', term)
        pm = re.fullmatch(r"(PMC\d+)\[pmcid\]", term, re.IGNORECASE)
        if m:
            ids = [self.by_doi[m.group(1).lower()]] if m.group(1).lower() in self.by_doi else []
        elif pm:
            ids = [self.by_pmcid[pm.group(1).upper()]] if pm.group(1).upper() in self.by_pmcid else []
        else:
            ids = self.searches.get(term, [])
        start, retmax = int(p.get("retstart", 0)), int(p.get("retmax", 20))
        result = {"count": str(self.counts.get(term, len(ids))), "retmax": str(min(retmax, len(ids))),
                  "retstart": str(start), "idlist": ids[start:start + retmax], "translationset": [],
                  "querytranslation": term}
        if p.get("usehistory") == "y":
            webenv = "MCID_" + uuid.uuid4().hex
            self.histories[webenv] = ids
            result.update(webenv=webenv, querykey="1")
        body = {"header": {"type": "esearch", "version": "0.3"}, "esearchresult": result}
        return 200, "application/json", json.dumps(body).encode()

    def efetch(self, p: dict[str, str]) -> tuple[int, str, bytes]:
        if p.get("db") != "pubmed" or p.get("retmode") != "xml":
            return 400, "text/plain", b"db=pubmed&retmode=xml expected"
        if "id" in p:
            ids = [i for i in p["id"].split(",") if i]
        elif p.get("WebEnv") in self.histories and p.get("query_key") == "1":
            start, n = int(p.get("retstart", 0)), int(p.get("retmax", 20))
            ids = self.histories[p["WebEnv"]][start:start + n]
        else:
            return 400, "text/xml", b"<eFetchResult><ERROR>Unable to obtain query #1</ERROR></eFetchResult>"
        arts = b"".join(self.records[i].xml + b"\n" for i in ids if i in self.records)
        return 200, "text/xml; charset=UTF-8", DOCTYPE + b"<PubmedArticleSet>\n" + arts + b"</PubmedArticleSet>\n"


def _handler(server: EutilsServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            self._answer(b"")

        def do_POST(self) -> None:
            self._answer(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

        def _answer(self, body: bytes) -> None:
            now = time.monotonic()
            url = urlsplit(self.path)
            params = {k: v[-1] for k, v in parse_qs(url.query).items()}
            params.update({k: v[-1] for k, v in parse_qs(body.decode("utf-8")).items()})
            endpoint = url.path.rsplit("/", 1)[-1]
            with server.lock:
                server.requests.append(Request(now, endpoint, params))
                inj = None
                if server.injected and server.injected[0].endpoint in (None, endpoint):
                    inj = server.injected.popleft()
            if inj is not None and self._injected(inj):
                return
            if endpoint == "esearch.fcgi":
                status, ctype, data = server.esearch(params)
            elif endpoint == "efetch.fcgi":
                status, ctype, data = server.efetch(params)
            else:
                status, ctype, data = 404, "text/plain", b"unknown endpoint"
            if inj is not None and inj.kind == "truncated":
                data = data[: len(data) // 2]
            self._send(status, ctype, data)

        def _injected(self, inj: Injected) -> bool:
            """True when the injected answer replaces the real one."""
            if inj.kind == "drop":
                self.close_connection = True
                self.connection.shutdown(2)
                return True
            if inj.kind == "slow":
                time.sleep(inj.seconds)
                return False
            if inj.kind == "status":
                self._send(inj.status, "text/plain", f"injected {inj.status}".encode(), inj.headers)
                return True
            return False

        def _send(self, status: int, ctype: str, data: bytes, headers: dict[str, str] | None = None) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


def medbib(*args: str, input: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``python -m medbib ARGS`` in a subprocess, as a user runs it (with the test's environment)."""
    return subprocess.run([sys.executable, "-m", "medbib", *args], input=input, capture_output=True, cwd=cwd, check=False,
                          timeout=300)
