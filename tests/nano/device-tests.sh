#!/usr/bin/env bash
# Runs the device test list (tests/Gateway.Core.Tests.Nano/Gateway.Core.Tests.nfproj) on the real
# nanoFramework runtime: builds it with the same file list, converts it and Gateway.Core to .pe
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

list="$NANO_OUT/DeviceTestFiles.props"
nano_compile_list "$ROOT/tests/Gateway.Core.Tests.Nano/Gateway.Core.Tests.nfproj" "$list"
dotnet build "$here/NFUnitTest.csproj" -c Release -nologo -v q \
  -p:NanoTools="$NANO_TOOLS" -p:DeviceTestFiles="$list" -o "$NANO_OUT/tests-bin" >"$NANO_OUT/build.log" 2>&1 \
  || { cat "$NANO_OUT/build.log"; echo "device tests: build failed" >&2; exit 1; }
nano_pe "$NANO_OUT/tests-bin/Gateway.Core.dll" "$NANO_OUT/Gateway.Core.pe"
nano_pe "$NANO_OUT/tests-bin/NFUnitTest.dll" "$NANO_OUT/NFUnitTest.pe" \
  -loadHints nanoFramework.TestFramework "$NANO_TOOLS/nano/nanoFramework.TestFramework.dll" \
  -loadHints nanoFramework.System.Text "$NANO_TOOLS/nano/nanoFramework.System.Text.dll" \
  -loadHints Gateway.Core "$NANO_OUT/tests-bin/Gateway.Core.dll"

log="$NANO_OUT/device-tests.log"
nano_run "$log" "$NANO_TOOLS/nano/nanoFramework.UnitTestLauncher.pe" "$NANO_TOOLS/nano/nanoFramework.TestFramework.pe" \
  "$NANO_TOOLS/nano/nanoFramework.System.Text.pe" "$NANO_OUT/Gateway.Core.pe" "$NANO_OUT/NFUnitTest.pe"

passed=$(grep -c '^Test passed,' "$log" || true)
failed=$(grep -c '^Test failed,' "$log" || true)
skipped=$(grep -c '^Test skipped,' "$log" || true)
grep '^Test failed,' "$log" || true
# The runtime itself prints "Done." when the program ends, also after an unhandled exception that
# stopped the launcher early: every test method of the list must have reported.
expected=0
while read -r file; do
  expected=$((expected + $(grep -cE '^[[:space:]]*\[TestMethod\]' "$file" || true)))
done < <(grep -oE 'Include="[^"]+"' "$list" | sed -E 's/Include="([^"]+)"/\1/')
verdict=0
if [ $((passed + failed + skipped)) -lt "$expected" ]; then
  echo "device tests: only $((passed + failed + skipped)) of the $expected test methods reported: the run ended early" >&2
  verdict=1
fi
if ! grep -q '^Done\.' "$log"; then
  echo "device tests: the run stopped before 'Done.' (crash, or heap exhausted); last lines:" >&2
  tail -n 5 "$log" >&2
  verdict=1
fi
[ "$passed" -gt 0 ] || { echo "device tests: no test ran" >&2; verdict=1; }
[ "$failed" -eq 0 ] || verdict=1
echo "device tests: $passed passed, $failed failed, $skipped skipped (nanoCLR, log: ${log#$ROOT/})"
exit $verdict
