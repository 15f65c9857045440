#!/usr/bin/env bash
# The box's heap budget on the real nanoFramework runtime: finds (by bisection) the smallest managed
# heap in which the box rehearsal (tests/nano/BoxRun: rules streamed from their image, a day of calls
# with the outbox journal and live events) runs to its end and prints exactly what it prints with the
# runtime's default 10 MB heap. The POSIX nanoCLR crashes without a word when the heap runs out, so a
# run is judged by its transcript.
#
# usage: box-heap.sh [SET ...]   sets: samples (every sample scenario, office rules; the default),
#        cn (the office day with the 130,147-prefix cn-geocoding block list), cn-transfer-N (the same,
#        the set received again as a staged transfer in N-byte chunks; box-lib.sh)
# Prints "box heap: SET needs N bytes (N KiB; ...)" per set, naming the nanoCLR's bitness (a 32-bit one:
# tools/nano/build-toolchain.sh --m32). BOX_HEAP_STEP (default 256) is the resolution; BOX_HEAP_LO and
# BOX_HEAP_HI (default 16384 and 1048576 bytes: the first must not fit, the second must) narrow the
# search to a known bracket, e.g. around the last figure, for fewer runs. BOX_DEVICE_LIBS=DIR loads the
# device app's libraries beside the box (box-lib.sh), as an ESP32 holds them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/nano-lib.sh"
source "$here/box-lib.sh"
[ $# -gt 0 ] || set -- samples
nano_find_tools "box heap" || exit $?
nano_prepare
step="${BOX_HEAP_STEP:-256}"
verdict=0
for set_name in "$@"; do
  box_build "$set_name"
  gen="$BOX_OUT/$set_name"
  unset NANOCLR_HEAP_BYTES
  box_run "$gen/heap-reference.log" || { echo "box heap: $set_name does not run even with the default heap" >&2; tail -n 5 "$gen/heap-reference.log" >&2; verdict=1; continue; }
  box_transcript "$gen/heap-reference.log" >"$gen/heap-reference.txt"
  fits() {
    local log="$gen/heap-$1.log"
    NANOCLR_HEAP_BYTES="$1" box_run "$log" && box_transcript "$log" | cmp -s - "$gen/heap-reference.txt"
  }
  lo="${BOX_HEAP_LO:-16384}" hi="${BOX_HEAP_HI:-1048576}"  # lo does not fit, hi does
  fits "$lo" && { echo "box heap: $set_name fits even $lo bytes" >&2; verdict=1; continue; }
  fits "$hi" || { echo "box heap: $set_name does not fit $hi bytes" >&2; verdict=1; continue; }
  while [ $((hi - lo)) -gt "$step" ]; do
    mid=$(((lo + hi) / 2 / step * step))
    if fits "$mid"; then hi=$mid; else lo=$mid; fi
  done
  box_device_pes
  libs=""; [ ${#DEVICE_PES[@]} -gt 0 ] && libs=", with ${#DEVICE_PES[@]} device libraries"
  echo "box heap: $set_name needs $hi bytes ($((hi / 1024)).$(((hi % 1024) * 10 / 1024)) KiB; $lo does not fit; $NANO_BITS-bit nanoCLR$libs)"
done
exit $verdict
