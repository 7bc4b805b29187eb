#!/usr/bin/env bash
# Mutation testing with dotnet-stryker (the version in .config/dotnet-tools.json), then tests/MUTATION.md: the score
# per file and every surviving mutant with its reason (tests/MUTATION.md says how to read and keep it). Not part of
# CI: the core alone has about 3,000 mutants and takes hours on 2 cores.
#
#   scripts/mutation.sh                      every project with a tests/<Project>.Tests/stryker-config.json
#   scripts/mutation.sh Resilience.Functional Resilience.Functional.Http
#   scripts/mutation.sh Resilience.Functional -- --mutate '**/Retry/*.cs'   (extra arguments go to Stryker)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

projects=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do projects+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
if [ ${#projects[@]} -eq 0 ]; then
  for config in tests/*.Tests/stryker-config.json; do
    dir=$(basename "$(dirname "$config")")
    projects+=("${dir%.Tests}")
  done
fi

for project in "${projects[@]}"; do
  [ -f "tests/$project.Tests/stryker-config.json" ] || { echo "no tests/$project.Tests/stryker-config.json" >&2; exit 2; }
done

dotnet tool restore >/dev/null
out="$root/StrykerOutput"
reports=()
for project in "${projects[@]}"; do
  echo "== $project ($(date -u +%H:%M:%S))"
  rm -rf "$out/$project"
  (cd "tests/$project.Tests" && dotnet stryker --skip-version-check -O "$out/$project" "$@")
  reports+=("$out/$project/reports/mutation-report.json")
done

# This run's tested files replace their rows of tests/mutation-results.tsv; every other file's stay (a --mutate filter
# measures a project a folder at a time), so tests/MUTATION.md covers every file measured so far.
dotnet run scripts/mutation-report.cs -- "$root" "${reports[@]}"
