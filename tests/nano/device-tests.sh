#!/usr/bin/env bash
# Runs the device test list (tests/Gateway.Core.Tests.Nano*/*.nfproj) on the real
# nanoFramework runtime: builds it with the same file list, converts it and Core (Gateway.Core.Rules, Gateway.Core) to .pe
# with the MetadataProcessor, runs them on the POSIX nanoCLR, and judges the launcher's output.
# A failed test, a run that stops before "Done." (the POSIX runtime crashes when the heap is
# exhausted), fewer results than [TestMethod]s in the list, or no test at all is a failure. Prints "device tests: N passed, N failed".
#
# Toolchain: $GATEWAY_NANO_TOOLS, else ../shared/tools/nano beside the repository (docs/nanoframework.md
# says how to build it). Without it: one line saying the tests were skipped, exit 0, unless
# GATEWAY_NANO_REQUIRED=1 (CI), which makes a missing toolchain a failure.
# NANOCLR_HEAP_BYTES limits the managed heap (default here: 10 MB, the runtime's own default).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/nano-lib.sh"
nano_find_tools || exit $?
nano_prepare

# One run per device test project: a nanoFramework assembly holds at most 64 KB of strings, so
# the list is split over tests/Gateway.Core.Tests.Nano*/ (each builds an assembly named NFUnitTest,
# the only name the launcher runs).
passed=0 failed=0 skipped=0 verdict=0 logs=""
for nfproj in "$ROOT"/tests/Gateway.Core.Tests.Nano*/*.nfproj; do
  part="$(basename "$nfproj" .nfproj)"
  out="$NANO_OUT/$part"
  mkdir -p "$out"
  list="$out/DeviceTestFiles.props"
  nano_compile_list "$nfproj" "$list"
  dotnet build "$here/NFUnitTest.csproj" -c Release -nologo -v q \
    -p:NanoTools="$NANO_TOOLS" -p:DeviceTestFiles="$list" -o "$out/bin" >"$out/build.log" 2>&1 \
    || { cat "$out/build.log"; echo "device tests: build of $part failed" >&2; exit 1; }
  nano_core_pes "$out/bin" "$out"
  nano_pe "$out/bin/NFUnitTest.dll" "$out/NFUnitTest.pe" \
    -loadHints nanoFramework.TestFramework "$NANO_TOOLS/nano/nanoFramework.TestFramework.dll" \
    -loadHints nanoFramework.System.Text "$NANO_TOOLS/nano/nanoFramework.System.Text.dll" \
    "${CORE_HINTS[@]}"

  log="$out/device-tests.log"
  logs="$logs ${log#$ROOT/}"
  nano_run "$log" "$NANO_TOOLS/nano/nanoFramework.UnitTestLauncher.pe" "$NANO_TOOLS/nano/nanoFramework.TestFramework.pe" \
    "$NANO_TOOLS/nano/nanoFramework.System.Text.pe" "${CORE_PES[@]}" "$out/NFUnitTest.pe"

  p=$(grep -c '^Test passed,' "$log" || true)
  f=$(grep -c '^Test failed,' "$log" || true)
  k=$(grep -c '^Test skipped,' "$log" || true)
  grep '^Test failed,' "$log" || true
  # The runtime itself prints "Done." when the program ends, also after an unhandled exception that
  # stopped the launcher early: every test method of the list must have reported.
  expected=0
  while read -r file; do
    expected=$((expected + $(grep -cE '^[[:space:]]*\[TestMethod\]' "$file" || true)))
  done < <(grep -oE 'Include="[^"]+"' "$list" | sed -E 's/Include="([^"]+)"/\1/')
  if [ $((p + f + k)) -lt "$expected" ]; then
    echo "device tests ($part): only $((p + f + k)) of the $expected test methods reported: the run ended early" >&2
    verdict=1
  fi
  if ! grep -q '^Done\.' "$log"; then
    echo "device tests ($part): the run stopped before 'Done.' (crash, or heap exhausted); last lines:" >&2
    tail -n 5 "$log" >&2
    verdict=1
  fi
  [ "$p" -gt 0 ] || { echo "device tests ($part): no test ran" >&2; verdict=1; }
  [ "$f" -eq 0 ] || verdict=1
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + k))
done
echo "device tests: $passed passed, $failed failed, $skipped skipped (nanoCLR, logs:$logs)"
exit $verdict
