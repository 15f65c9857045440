#!/usr/bin/env bash
# Runs every test of the repository on a fresh machine: installs what the tests need
# (Eclipse Mosquitto for the integration tests), restores NuGet packages, runs all test projects
# and, when the nanoCLR toolchain is present (../shared/tools/nano or $GATEWAY_NANO_TOOLS), the
# device tests on the real nanoFramework runtime,
# and ends with one summary line "tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

if ! { command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ]; } || ! command -v bc >/dev/null 2>&1; then
  echo "test.sh: installing mosquitto (Debian package) for the integration tests"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq bc mosquitto mosquitto-clients >/dev/null
fi
# The Debian package starts a system broker on 1883; the tests start their own on free ports.
# The people pages and the LED card are rendered in headless Chromium when it is here (CI installs it).
if [ ! -x /usr/bin/chromium ] && [ -z "${GATEWAY_CHROMIUM:-}" ]; then
  echo "test.sh: no Chromium: the tests that render pages are skipped (apt-get install chromium fonts-noto-cjk runs them)"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet restore Gateway.sln
dotnet build Gateway.sln --no-restore -c Release
log=$(mktemp)
set +e
dotnet test Gateway.sln --no-build -c Release 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
# The device list on the real nanoFramework runtime (skipped, with one line saying so, when the
# nanoCLR toolchain is not beside the repository; see tests/nano/device-tests.sh).
# Then the whole box on nanoCLR against `gateway simulate`, byte for byte, on every sample, in the
# measured heap of the samples plus 7.25 KiB (docs/performance.md, "Heap on nanoCLR"): a box
# that grows past it fails here. The shared 64-bit runtime corrupts references when it compacts
# its heap, so a run can also fail above its minimum where a compaction strikes (78,080 B does at
# this commit): check a failure here with box-heap.sh before taking it for growth.
# And the office day with the cn-geocoding set kept in flash, received again as a staged transfer,
# in 94 KiB (it needs 86.25 KiB on this runtime; copied into RAM the set needs 122.75 KiB and fails
# here): a change that brings large sets back into RAM fails (docs/rules.md, "Large sets stay in flash").
set +e
bash tests/nano/device-tests.sh 2>&1 | tee -a "$log"
nano_rc=${PIPESTATUS[0]}
NANOCLR_HEAP_BYTES=80128 bash tests/nano/box-vs-simulate.sh 2>&1 | tee -a "$log"
box_rc=${PIPESTATUS[0]}
NANOCLR_HEAP_BYTES=96256 bash tests/nano/box-vs-simulate.sh cn-transfer-1024 2>&1 | tee -a "$log"
flash_rc=${PIPESTATUS[0]}
set -e
[ "$nano_rc" -eq 0 ] && [ "$box_rc" -eq 0 ] && [ "$flash_rc" -eq 0 ] || rc=1
passed=$(grep -oE '(Passed: +|device tests: |box on nanoCLR: )[0-9]+' "$log" | grep -oE '[0-9]+' | paste -sd+ - | bc)
failed=$(grep -oE '(Failed: +[0-9]+|, [0-9]+ failed|, [0-9]+ differ)' "$log" | grep -oE '[0-9]+' | paste -sd+ - | bc)
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
rm -f "$log"
if [ "${passed:-0}" -eq 0 ]; then echo "test.sh: no test ran" >&2; exit 1; fi
exit "$rc"
