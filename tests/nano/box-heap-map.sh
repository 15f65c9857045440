#!/usr/bin/env bash
# Where the box rehearsal's heap goes, stage by stage: builds tests/nano/BoxRun with its stage lines
# (BOX_HEAP_MAP=1) and runs it once on nanoCLR with the runner's heap map (NANOCLR_HEAP_MAP=1, see
# nanoclr-run.c): at each stage the runtime collects garbage and the runner prints what is in use,
# what is free and the largest free block, bytes per data type, and a map of the heap (one
# character per 256 bytes: '.' free, 'a' array, 'o' object, 's' string, 'f' stack frame,
# 'A' assembly tables, '#' other). The collections at each stage change what the run needs a little.
#
# usage: box-heap-map.sh SET [HEAP_BYTES]   (sets as box-heap.sh; HEAP_BYTES default: the runtime's 10 MB)
#   NANOCLR_HEAP_MAP_ARRAYS=1 also lists every array of 240 bytes or more; NANOCLR_HEAP_MAP_CLASSES=1
#   counts objects by assembly.type index (Gateway.Core's indexes are in its .pdbx).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/nano-lib.sh"
source "$here/box-lib.sh"
[ $# -ge 1 ] || { echo "usage: $0 SET [HEAP_BYTES]" >&2; exit 2; }
nano_find_tools "box heap map" || exit $?
nano_prepare
BOX_HEAP_MAP=1 box_build "$1"
log="$BOX_OUT/$1/heap-map.log"
if [ -n "${2:-}" ]; then export NANOCLR_HEAP_BYTES="$2"; else unset NANOCLR_HEAP_BYTES; fi
NANOCLR_HEAP_MAP=1 box_run "$log" || echo "box heap map: $1 did not reach its end (heap ${2:-default})" >&2
tr -d '\r' <"$log" | grep -E '^(HEAPMAP|BOXRUN )'
