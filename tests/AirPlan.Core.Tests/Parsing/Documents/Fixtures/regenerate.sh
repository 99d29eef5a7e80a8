#!/usr/bin/env bash
# Rebuilds the committed PDF (and .doc) fixtures: the tests write the seeds as Word documents (TestDocuments), LibreOffice prints
# them to PDF. Needs LibreOffice (libreoffice-writer-nogui) and the Noto CJK fonts; CI never runs this.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
AIRPLAN_FIXTURE_SOURCES="$work" dotnet test "$root/tests/AirPlan.Core.Tests" --filter "FullyQualifiedName~FixtureSources"
soffice --headless --norestore "-env:UserInstallation=file://$work/profile" --convert-to pdf --outdir "$work" "$work"/*.docx
for seed in mengjin-2024 mengzhou-2023 yichuan-2024 luohe-2024 jiyuan-2024; do cp "$work/$seed.pdf" "$here/$seed.pdf"; done
cp "$work/mengjin-2024-table.pdf" "$here/"
soffice --headless --norestore "-env:UserInstallation=file://$work/profile" --convert-to doc --outdir "$work/doc" "$work/mengjin-2024.docx"
cp "$work/doc/mengjin-2024.doc" "$here/"
ls -l "$here"/*.pdf
