#!/usr/bin/env bash
# Fill fuzz/corpus/<reader>/ with seed inputs from fixtures/ (small files only).
set -euo pipefail
cd "$(dirname "$0")/.."
declare -A SRC=([medline]="fixtures/medline" [pubmed-xml]="fixtures/pubmed-xml" [pubmed-text]="fixtures/pubmed-text"
                [ris]="fixtures/ris" [bibtex]="fixtures/bibtex" [csljson]="fixtures/csljson")
for reader in "${!SRC[@]}"; do
  mkdir -p "fuzz/corpus/$reader"
  find "${SRC[$reader]}" -maxdepth 2 -type f ! -name '*.md' -size -64k -exec cp {} "fuzz/corpus/$reader/" \; 2>/dev/null || true
done
echo "seeded: $(ls fuzz/corpus | tr '\n' ' ')"
