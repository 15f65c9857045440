# Shared steps of the nanoCLR scripts in this folder (sourced, not run).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NANO_OUT="$ROOT/artifacts/nano"
CORELIB_VERSION=1.17.11

# nano_find_tools [WHAT]: finds the toolchain; when missing, prints "WHAT: skipped, ..." (default
# WHAT: device tests on nanoCLR) and exits 0, or returns 1 when GATEWAY_NANO_REQUIRED=1.
nano_find_tools() {
  NANO_TOOLS="${GATEWAY_NANO_TOOLS:-$ROOT/../shared/tools/nano}"
  if [ -f "$NANO_TOOLS/lib/nanoFramework.nanoCLR.so" ] && [ -f "$NANO_TOOLS/mdp/nanoFramework.Tools.MetadataProcessor.dll" ]; then
    NANO_TOOLS="$(cd "$NANO_TOOLS" && pwd)"
    return 0
  fi
  echo "${1:-device tests on nanoCLR}: skipped, no toolchain at $NANO_TOOLS (set GATEWAY_NANO_TOOLS; build one with tools/nano/build-toolchain.sh, see docs/nanoframework.md)"
  if [ "${GATEWAY_NANO_REQUIRED:-0}" = 1 ]; then return 1; fi
  exit 0
}

# Builds the runner and finds mscorlib.pe in the NuGet cache (restoring Gateway.Core fills it).
nano_prepare() {
  mkdir -p "$NANO_OUT"
  cc -O2 -std=c11 -D_GNU_SOURCE -Wall -Werror -o "$NANO_OUT/nanoclr-run" "$ROOT/tests/nano/nanoclr-run.c" -ldl
  dotnet restore "$ROOT/firmware/Gateway.Core/Gateway.Core.csproj" -nologo -v q >/dev/null
  local packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
  CORELIB="$packages/nanoframework.corelibrary/$CORELIB_VERSION/lib"
  [ -f "$CORELIB/mscorlib.pe" ] || { echo "nano: $CORELIB/mscorlib.pe not found" >&2; exit 1; }
}

# Writes an MSBuild file with the Compile items of a .nfproj (the .nfproj stays the only list).
nano_compile_list() {
  local nfproj="$1" out="$2" dir
  dir="$(cd "$(dirname "$nfproj")" && pwd)"
  {
    echo '<Project><ItemGroup>'
    grep -oE '<Compile Include="[^"]+"' "$nfproj" | sed -E 's/<Compile Include="([^"]+)"/\1/' | tr '\\' '/' \
      | while read -r f; do echo "  <Compile Include=\"$dir/$f\" />"; done
    echo '</ItemGroup></Project>'
  } >"$out"
}

# nano_pe IN.dll OUT.pe [-loadHints NAME DLL ...]: converts with the MetadataProcessor.
nano_pe() {
  local in="$1" out="$2"; shift 2
  dotnet "$NANO_TOOLS/mdp/nanoFramework.Tools.MetadataProcessor.dll" -loadHints mscorlib "$CORELIB/mscorlib.dll" \
    "$@" -parse "$in" -compile "$out" false >"$out.log" 2>&1 \
    || { cat "$out.log" >&2; echo "nano: MetadataProcessor failed on $in" >&2; exit 1; }
  [ -s "$out" ] || { cat "$out.log" >&2; echo "nano: MetadataProcessor wrote no $out" >&2; exit 1; }
}

# nano_core_pes BIN OUT: converts Core's two assemblies (Gateway.Core.Rules, then Gateway.Core, which
# references it; one assembly holds at most 64 KB of byte code) from BIN into OUT, and sets
# CORE_PES (the .pe files, in load order) and CORE_HINTS (-loadHints for what references them).
nano_core_pes() {
  local bin="$1" out="$2"
  nano_pe "$bin/Gateway.Core.Rules.dll" "$out/Gateway.Core.Rules.pe"
  nano_pe "$bin/Gateway.Core.dll" "$out/Gateway.Core.pe" -loadHints Gateway.Core.Rules "$bin/Gateway.Core.Rules.dll"
  CORE_PES=("$out/Gateway.Core.Rules.pe" "$out/Gateway.Core.pe")
  CORE_HINTS=(-loadHints Gateway.Core.Rules "$bin/Gateway.Core.Rules.dll" -loadHints Gateway.Core "$bin/Gateway.Core.dll")
}

# nano_run LOG PE... : runs mscorlib.pe plus the given assemblies, output to LOG (and time limit).
nano_run() {
  local log="$1"; shift
  timeout "${NANO_TIMEOUT:-600}" "$NANO_OUT/nanoclr-run" "$NANO_TOOLS/lib/nanoFramework.nanoCLR.so" "$CORELIB/mscorlib.pe" "$@" >"$log" 2>&1 || true
}
