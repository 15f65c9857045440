#!/usr/bin/env bash
# The whole box on the real nanoFramework runtime, compared byte for byte with `gateway simulate`.
# Runs every sample scenario with samples/rules/office.rules through Gateway.Core's box as the device
# composes it (rules streamed from their image, outbox journal, BoxLink, live events; see
# tests/nano/BoxRun) on the POSIX nanoCLR, and the same scenarios through `gateway simulate`; the
# call records each prints must be identical. Prints a diff for each difference and
# "box on nanoCLR: N scenarios identical, N differ"; fails on any difference, or when the nanoCLR
# run stops before BoxRun's end marker (out of heap: the POSIX runtime crashes without a word).
#
# usage: box-vs-simulate.sh [samples|cn]   (cn: the office day with the 130,147-prefix cn-geocoding
#        block list; needs the prefix data, see box-lib.sh)
# NANOCLR_HEAP_BYTES limits the managed heap (e.g. to rehearse the device's budget; docs/performance.md
# "Heap on nanoCLR" gives the measured minimum). Toolchain and GATEWAY_NANO_REQUIRED as device-tests.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/nano-lib.sh"
source "$here/box-lib.sh"
set_name="${1:-samples}"
nano_find_tools "box on nanoCLR" || exit $?
nano_prepare
box_build "$set_name"

gen="$BOX_OUT/$set_name"
log="$gen/nanoclr.log"
verdict=0
if ! box_run "$log"; then
  echo "box on nanoCLR: the run stopped before its end (crash, or heap exhausted at NANOCLR_HEAP_BYTES=${NANOCLR_HEAP_BYTES:-default}); last lines:" >&2
  tail -n 5 "$log" >&2
  verdict=1
fi
same=0
differ=0
while read -r name scenario rules; do
  expected="$gen/$name.simulate"
  actual="$gen/$name.nano"
  # The epoch BoxRun's journal is given (a fresh journal's is random); the hw both make up for box1.
  dotnet "$BOX_CLI" simulate "$scenario" --rules "$rules" --epoch 0b0c0d0e0f101112 >"$expected" 2>"$gen/$name.simulate.err" \
    || { cat "$gen/$name.simulate.err" >&2; echo "box: gateway simulate failed on $name" >&2; verdict=1; }
  # The records printed between this run's markers; the runtime ends lines with CR LF.
  tr -d '\r' <"$log" | awk -v b="BOXRUN begin $name" -v e="BOXRUN end $name " \
    '$0 == b { on = 1; next } index($0, e) == 1 { on = 0; print $0 > "/dev/stderr"; next } on' >"$actual" 2>"$gen/$name.summary" || true
  if cmp -s "$expected" "$actual" && [ -s "$gen/$name.summary" ]; then
    same=$((same + 1))
  else
    differ=$((differ + 1))
    echo "== $name differs (simulate: ${expected#$ROOT/}, nanoCLR: ${actual#$ROOT/}) $(cat "$gen/$name.summary")"
    diff -u --label "simulate $name" --label "nanoCLR $name" "$expected" "$actual" || true
  fi
done < <(box_runs "$set_name")
[ "$differ" -eq 0 ] || verdict=1
echo "box on nanoCLR: $same scenarios identical, $differ differ (set $set_name, heap ${NANOCLR_HEAP_BYTES:-default}, log: ${log#$ROOT/})"
exit $verdict
