# Builds and runs the box rehearsal on nanoCLR (sourced by box-vs-simulate.sh and box-heap.sh; needs nano-lib.sh).
BOX_OUT="$NANO_OUT/box"

# box_runs SET: prints "NAME SCENARIO RULES" lines of a set; "samples": every sample scenario with the
# office rules (policy-day with the office policy: classes, a schedule, time limits; the default
# start, 2026-01-01T00:00Z, is 08:00 in its time zone as the sample's own --start);
# "cn": the office day with the cn-geocoding block list (130,147 prefixes);
# "cn-transfer-N": the same, its rules restored from (simulated) flash at boot and then received
# again as a staged transfer in chunks of N bytes and applied before the day is played
# (BoxRun/ImageFlash.cs).
box_runs() {
  case "$1" in
    samples)
      for s in "$ROOT"/samples/*.scenario; do
        rules="$ROOT/samples/rules/office.rules"
        [ "$(basename "$s")" = policy-day.scenario ] && rules="$ROOT/samples/rules/office-policy.rules"
        echo "$(basename "$s" .scenario) $s $rules"
      done ;;
    cn)
      echo "office-day-cn $ROOT/samples/office-day.scenario $(box_cn_rules)" ;;
    cn-transfer-*)
      echo "office-day-$1 $ROOT/samples/office-day.scenario $(box_cn_rules)" ;;
    *) echo "box: unknown set '$1' (samples, cn, cn-transfer-N)" >&2; return 1 ;;
  esac
}

# The cn-geocoding prefixes as a block list in rule text (every prefix blocked, the rest allowed,
# as tests/Gateway.Benchmarks builds it). Data: $GATEWAY_PREFIX_DATA, else tests/data/prefixes.
box_cn_rules() {
  local dir file
  for dir in "${GATEWAY_PREFIX_DATA:-}" "$ROOT/tests/data/prefixes"; do
    [ -n "$dir" ] && [ -f "$dir/cn-geocoding.txt" ] && { file="$dir/cn-geocoding.txt"; break; }
  done
  [ -n "${file:-}" ] || { echo "box: cn-geocoding.txt not found (set GATEWAY_PREFIX_DATA)" >&2; return 1; }
  mkdir -p "$BOX_OUT"
  cut -f1 "$file" | sed 's/^/block /' >"$BOX_OUT/cn-geocoding.rules"
  echo "$BOX_OUT/cn-geocoding.rules"
}

# box_build SET: builds the CLI and the generator, generates the set's data, builds and converts
# BoxRun; leaves BOX_PES (the .pe files to run after mscorlib) and BOX_CLI (gateway.dll).
box_build() {
  local set="$1" gen="$BOX_OUT/$1" runs parts k hints=()
  runs="$(box_runs "$set")" || exit 1
  rm -rf "$gen" && mkdir -p "$gen"
  dotnet build "$ROOT/tests/nano/BoxRunGen/BoxRunGen.csproj" -c Release -nologo -v q -o "$BOX_OUT/host" >"$gen/build-host.log" 2>&1 \
    || { cat "$gen/build-host.log"; echo "box: host build failed" >&2; exit 1; }
  BOX_CLI="$BOX_OUT/host/gateway.dll"
  # shellcheck disable=SC2086
  parts="$(dotnet "$BOX_OUT/host/BoxRunGen.dll" "$gen/src" $runs)" || { echo "box: generating the data failed" >&2; exit 1; }
  for ((k = 0; k < parts; k++)); do
    dotnet build "$ROOT/tests/nano/BoxRunData/BoxRunData.csproj" -c Release -nologo -v q -p:DataPart=$k -p:DataDir="$gen/src" \
      -p:IntermediateOutputPath="$gen/obj/data$k/" -o "$gen/src/bin" >"$gen/build-data$k.log" 2>&1 \
      || { cat "$gen/build-data$k.log"; echo "box: data build failed" >&2; exit 1; }
  done
  dotnet build "$ROOT/tests/nano/BoxRun/BoxRun.csproj" -c Release -nologo -v q -p:DataDir="$gen/src" \
    -p:IntermediateOutputPath="$gen/obj/boxrun/" -o "$gen/bin" >"$gen/build.log" 2>&1 \
    || { cat "$gen/build.log"; echo "box: BoxRun build failed" >&2; exit 1; }
  nano_core_pes "$gen/bin" "$gen"
  BOX_PES=("${CORE_PES[@]}")
  hints=("${CORE_HINTS[@]}")
  for ((k = 0; k < parts; k++)); do
    nano_pe "$gen/src/bin/BoxRunData$k.dll" "$gen/BoxRunData$k.pe"
    BOX_PES+=("$gen/BoxRunData$k.pe")
    hints+=(-loadHints "BoxRunData$k" "$gen/src/bin/BoxRunData$k.dll")
  done
  nano_pe "$gen/bin/BoxRun.dll" "$gen/BoxRun.pe" "${hints[@]}"
  BOX_PES+=("$gen/BoxRun.pe")
}

# BOX_DEVICE_LIBS=DIR: the device app's nanoFramework libraries as .pe files (tools/nano/check-device-app.sh
# writes them to WORK/pe/lib) are loaded beside the box, unused, as on the device, where every deployed
# assembly's tables and static constructors take managed heap before the app runs.
box_device_pes() {
  DEVICE_PES=()
  [ -n "${BOX_DEVICE_LIBS:-}" ] || return 0
  local f
  for f in "$BOX_DEVICE_LIBS"/*.pe; do [ -f "$f" ] && DEVICE_PES+=("$f"); done
  [ ${#DEVICE_PES[@]} -gt 0 ] || { echo "box: no .pe files in BOX_DEVICE_LIBS=$BOX_DEVICE_LIBS (tools/nano/check-device-app.sh writes WORK/pe/lib)" >&2; return 1; }
}

# box_run LOG: runs the built set on nanoCLR (heap: $NANOCLR_HEAP_BYTES); true when BoxRun reached
# its end marker (a crash, e.g. out of heap, prints nothing more; the runtime prints a "Done." of
# its own when it stops, so that line proves nothing).
box_run() {
  box_device_pes || return 1
  # The runtime's own output goes to LOG; this only silences the shell's "Segmentation fault" line.
  { nano_run "$1" "${DEVICE_PES[@]}" "${BOX_PES[@]}"; } 2>/dev/null
  grep -q '^BOXRUN done' "$1"
}

# box_transcript LOG: what BoxRun printed (markers and records), without the runtime's lines and CRs.
box_transcript() {
  tr -d '\r' <"$1" | grep -E '^(BOXRUN |\{)'
}
