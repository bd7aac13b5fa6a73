"""Fetching records from PubMed through NCBI's E-utilities (``medbib fetch``, ``medbib.fetch``).

- :mod:`.ids` turns what a user gives (PMIDs, PMCIDs, DOIs, in their usual spellings) into ids;
- :mod:`.eutils` is the HTTP client: NCBI's rate limits, ``tool``/``email``/``api_key`` on every
  request, retries with exponential backoff that honour ``Retry-After``, timeouts;
- :mod:`.articles` cuts an efetch answer into one ``PubmedArticle`` per PMID and joins them
  back into a ``PubmedArticleSet`` for the PubMed XML reader (found through the registry: no
  second parser of records);
- :mod:`.cache` keeps each record's XML in the user cache directory, written atomically;
- :mod:`.run` puts them together: resolve, search, download what is not cached, read.

Nothing here is imported by ``import medbib``: the HTTP client loads on the first fetch.
"""
