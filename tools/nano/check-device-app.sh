#!/usr/bin/env bash
# Type-checks the device app against the real nanoFramework libraries, without the nanoFramework
# build tools (they do not run on Linux):
#   1. finds a clone of each library repository below (local mirrors, or clones from GitHub),
#   2. extracts the commit of the version firmware/Gateway.Esp32/packages.config pins (tag v<version>)
#      into a work dir outside the tracked tree,
#   3. compiles each library as a throwaway SDK-style project (netstandard2.0, NoStdLib, against
#      the real mscorlib of nanoFramework.CoreLibrary 1.17.11 from NuGet) from exactly the Compile
#      items and references of its .nfproj, signed with its repo's key.snk (mscorlib grants
#      InternalsVisibleTo by public key); `extern` native methods stay as they are,
#   4. compiles firmware/Gateway.Core and firmware/Gateway.Esp32 with their .nfproj's Compile items
#      against those assemblies, TreatWarningsAsErrors, Release and Debug,
#   5. scans the app and Core metadata for generics (GenericParam, GenericParamConstraint, MethodSpec,
#      and any generic instance or type/method parameter in a TypeSpec or signature),
#   6. converts Core and the app to .pe with the MetadataProcessor when the toolchain is there,
# and prints one line: "device app check: OK ..." or "device app check: FAILED ...".
# It proves names, signatures and the absence of generics, not behaviour on a board.
#
# Usage: tools/nano/check-device-app.sh [--sources DIR] [--clone] [--work DIR] [--app-only]
#   --sources DIR  where the clones are: DIR/nanoframework+<repo>/repo (the research mirror layout),
#                  DIR/<repo>.git or DIR/<repo> (plain clones, bare or not). Default: $NANO_SOURCES,
#                  else /work/.mirror when it exists.
#   --clone        clone repos that are not found from https://github.com/nanoframework/<repo>
#                  (into WORK/clones; needs internet access; $NANO_GIT_BASE replaces that base URL).
#   --work DIR     work dir (default: artifacts/nano-check); nothing is written elsewhere.
#   --app-only     skip steps 1-3 and reuse the libraries built by an earlier run in the same work
#                  dir (for re-checking the app after a merge); fails if there are none.
# Toolchain for step 6: $GATEWAY_NANO_TOOLS, else ../shared/tools/nano beside the repository
# (as tests/nano/device-tests.sh); without it the .pe step is skipped and the verdict says so.
# Exit code: 0 when everything checked passed, 1 otherwise.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CORELIB_VERSION=1.17.11

# Libraries in dependency order: NuGet package, version (must match packages.config), repository
# under github.com/nanoframework, project file in it, and the commit used when a clone lacks the
# tag v<version> ("-": none, the tag is required). The fallbacks are the newest commits the
# research mirror had on 2026-11-30; the check says when it used one.
LIBRARIES='
nanoFramework.Runtime.Events      1.11.39 nanoFramework.Runtime.Events  nanoFramework.Runtime.Events/nanoFramework.Runtime.Events.nfproj ec7a0a09fea0d53fd9bfaaef6ec857802d87bcc0
nanoFramework.Runtime.Native      1.7.11  nanoFramework.Runtime.Native  nanoFramework.Runtime.Native/nanoFramework.Runtime.Native.nfproj -
nanoFramework.System.Text         1.3.42  System.Text                   nanoFramework.System.Text/nanoFramework.System.Text.nfproj -
nanoFramework.System.IO.Streams   1.1.96  System.IO.Streams             System.IO.Streams/System.IO.Streams.nfproj -
nanoFramework.System.Threading    1.1.52  System.Threading              nanoFramework.System.Threading/nanoFramework.System.Threading.nfproj -
nanoFramework.System.Collections  1.5.75  System.Collections            nanoFramework.System.Collections/nanoFramework.System.Collections.nfproj -
nanoFramework.System.Net          1.11.60 System.Net                    nanoFramework.System.Net/System.Net.nfproj 713b02c9fea5265e4e70981a9115daa3b5745c4c
nanoFramework.System.Device.Gpio  1.1.62  System.Device.Gpio            System.Device.Gpio/System.Device.Gpio.nfproj -
nanoFramework.System.Device.Wifi  1.5.149 System.Device.Wifi            System.Device.Wifi/System.Device.Wifi.nfproj 282a90676d5b2b7fa583a4efeb47ec5cac77fa0e
nanoFramework.System.IO.FileSystem 1.1.93 System.IO.FileSystem          System.IO.FileSystem/System.IO.FileSystem.nfproj -
nanoFramework.Hardware.Esp32      1.6.42  nanoFramework.Hardware.Esp32  nanoFramework.Hardware.Esp32/nanoFramework.Hardware.Esp32.nfproj -
nanoFramework.Networking.Sntp     1.6.42  nanoFramework.Networking.Sntp nanoFramework.Networking.Sntp/nanoFramework.Networking.Sntp.nfproj -
nanoFramework.M2Mqtt              5.1.220 nanoFramework.m2mqtt          nanoFramework.M2Mqtt.Core/nanoFramework.M2Mqtt.Core.nfproj -
nanoFramework.M2Mqtt              5.1.220 nanoFramework.m2mqtt          M2Mqtt/nanoFramework.M2Mqtt.nfproj -
'

SOURCES="${NANO_SOURCES:-}"
[ -z "$SOURCES" ] && [ -d /work/.mirror ] && SOURCES=/work/.mirror
CLONE=0
GIT_BASE="${NANO_GIT_BASE:-https://github.com/nanoframework}"
WORK="$ROOT/artifacts/nano-check"
APP_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --sources) SOURCES="$2"; shift 2 ;;
    --clone) CLONE=1; shift ;;
    --work) WORK="$2"; shift 2 ;;
    --app-only) APP_ONLY=1; shift ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
WORK="$(realpath -m "$WORK")"
if [ "${WORK#$ROOT/}" != "$WORK" ] && [ "${WORK#$ROOT/artifacts/}" = "$WORK" ]; then
  echo "the work dir must be under artifacts/ or outside the repository: $WORK" >&2; exit 2
fi
mkdir -p "$WORK"
LIB="$WORK/lib"          # the built library assemblies, one per AssemblyName
LOG="$WORK/logs"
mkdir -p "$LOG"
# Keep the repository's Directory.Build.props (LangVersion latest) out of the generated projects.
echo '<Project />' >"$WORK/Directory.Build.props"
echo '<Project />' >"$WORK/Directory.Build.targets"

fail() { echo "device app check: FAILED, $*"; exit 1; }

# Properties every generated project shares: a netstandard2.0 shell with nothing but the real
# nanoFramework mscorlib, and no SDK-made attributes or defines.
COMMON_PROPS="
    <TargetFramework>netstandard2.0</TargetFramework>
    <NoStdLib>true</NoStdLib>
    <NoStandardLib>true</NoStandardLib>
    <DisableImplicitFrameworkReferences>true</DisableImplicitFrameworkReferences>
    <DisableImplicitFrameworkDefines>true</DisableImplicitFrameworkDefines>
    <AddAdditionalExplicitAssemblyReferences>false</AddAdditionalExplicitAssemblyReferences>
    <GenerateTargetFrameworkAttribute>false</GenerateTargetFrameworkAttribute>
    <GenerateAssemblyInfo>false</GenerateAssemblyInfo>
    <ImplicitUsings>disable</ImplicitUsings>
    <Nullable>disable</Nullable>
    <ProduceReferenceAssembly>false</ProduceReferenceAssembly>
    <EnableDefaultItems>false</EnableDefaultItems>
    <Deterministic>true</Deterministic>
    <CopyLocalLockFileAssemblies>false</CopyLocalLockFileAssemblies>
    <NoWarn>\$(NoWarn);NU1701</NoWarn>"
CORELIB_REF="    <PackageReference Include=\"nanoFramework.CoreLibrary\" Version=\"$CORELIB_VERSION\" PrivateAssets=\"all\" />"

# nfproj_value FILE TAG: the text of the first <TAG> element.
nfproj_value() { { grep -oE "<$2>[^<]*</$2>" "$1" || true; } | head -n1 | sed -E "s#</?$2>##g" | tr '\\' '/'; }

# nfproj_compile FILE: the .nfproj's Compile items as SDK items with absolute paths (Include and
# Exclude, `\` turned into `/`). A file whose case differs on disk (Windows does not care) is
# taken with its real name and reported in $WORK/shims.txt.
nfproj_compile() {
  local nfproj="$1" dir line inc exc out part real
  dir="$(cd "$(dirname "$nfproj")" && pwd)"
  grep -oE '<Compile Include="[^"]+"( Exclude="[^"]+")?' "$nfproj" | while read -r line; do
    inc="$(sed -E 's/.*Include="([^"]+)".*/\1/' <<<"$line" | tr '\\' '/')"
    exc=""; grep -q 'Exclude=' <<<"$line" && exc="$(sed -E 's/.*Exclude="([^"]+)".*/\1/' <<<"$line" | tr '\\' '/')"
    out=""
    IFS=';' read -ra parts <<<"$inc"
    for part in "${parts[@]}"; do
      if [[ "$part" != *'*'* ]] && [ ! -e "$dir/$part" ]; then
        real="$(cd "$dir" && find . -ipath "./$part" | head -n1)"
        [ -n "$real" ] || { echo "    <!-- missing: $part -->"; continue; }
        echo "$(basename "$nfproj"): $part is ${real#./} on disk" >>"$WORK/shims.txt"
        part="${real#./}"
      fi
      out="$out${out:+;}$dir/$part"
    done
    if [ -n "$exc" ]; then
      local exo="" e; IFS=';' read -ra parts <<<"$exc"
      for e in "${parts[@]}"; do exo="$exo${exo:+;}$dir/$e"; done
      echo "    <Compile Include=\"$out\" Exclude=\"$exo\" />"
    else
      echo "    <Compile Include=\"$out\" />"
    fi
  done
}

# nfproj_references FILE: the assembly names it references (Reference and ProjectReference), mscorlib left out.
nfproj_references() {
  local nfproj="$1" dir p
  dir="$(cd "$(dirname "$nfproj")" && pwd)"
  grep -oE '<Reference Include="[^",]+' "$nfproj" | sed -E 's/<Reference Include="//' | grep -vx mscorlib || true
  grep -oE '<ProjectReference Include="[^"]+"' "$nfproj" | sed -E 's/<ProjectReference Include="([^"]+)"/\1/' | tr '\\' '/' \
    | while read -r p; do
        if [ -f "$dir/$p" ]; then nfproj_value "$dir/$p" AssemblyName; else basename "$p" .nfproj; fi
      done
}

# reference_items NAME...: Reference items for assemblies already in $LIB (a missing one is an error).
reference_items() {
  local n
  for n in "$@"; do
    [ -f "$LIB/$n.dll" ] || { echo "missing reference $n (not built before this project)" >&2; return 1; }
    echo "    <Reference Include=\"$n\"><HintPath>$LIB/$n.dll</HintPath><Private>false</Private></Reference>"
  done
}

# find_repo NAME: a git dir for github.com/nanoframework/NAME, cloning it with --clone.
find_repo() {
  local name="$1" c
  for c in "$SOURCES/nanoframework+$name/repo" "$SOURCES/$name.git" "$SOURCES/$name" "$WORK/clones/$name.git"; do
    [ -n "$SOURCES" ] || [ "$c" = "$WORK/clones/$name.git" ] || continue
    if git -C "$c" rev-parse --git-dir >/dev/null 2>&1; then echo "$c"; return 0; fi
  done
  if [ "$CLONE" = 1 ]; then
    mkdir -p "$WORK/clones"
    git clone -q --bare --filter=blob:none "$GIT_BASE/$name.git" "$WORK/clones/$name.git" >&2 \
      && { echo "$WORK/clones/$name.git"; return 0; }
  fi
  return 1
}

check_packages_config() {
  local pkg ver rest pinned
  while read -r pkg ver rest; do
    [ -n "$pkg" ] || continue
    pinned="$(grep -oE "id=\"$pkg\" version=\"[^\"]+\"" "$ROOT/firmware/Gateway.Esp32/packages.config" | sed -E 's/.*version="([^"]+)"/\1/')"
    [ "$pinned" = "$ver" ] || fail "packages.config pins $pkg ${pinned:-(absent)}, this script builds $ver: update LIBRARIES in $0"
  done <<<"$LIBRARIES"
  grep -q "id=\"nanoFramework.CoreLibrary\" version=\"$CORELIB_VERSION\"" "$ROOT/firmware/Gateway.Esp32/packages.config" \
    || fail "packages.config does not pin nanoFramework.CoreLibrary $CORELIB_VERSION"
  for pkg in $(grep -oE 'id="[^"]+"' "$ROOT/firmware/Gateway.Esp32/packages.config" | sed -E 's/id="([^"]+)"/\1/'); do
    [ "$pkg" = nanoFramework.CoreLibrary ] || grep -qE "^$pkg " <<<"$LIBRARIES" \
      || fail "packages.config has $pkg, which this script does not build: add it to LIBRARIES in $0"
  done
}

# Steps 1-3: every library at its pinned commit, built in the table's order.
build_libraries() {
  local pkg ver repo nfproj fallback git commit how src proj name key unsafe refs refitems asmver
  rm -rf "$LIB" "$WORK/src" "$WORK/proj" "$WORK/shims.txt"
  mkdir -p "$LIB" "$WORK/src" "$WORK/proj"
  : >"$WORK/shims.txt"
  : >"$WORK/libraries.txt"
  while read -r pkg ver repo nfproj fallback; do
    [ -n "$pkg" ] || continue
    git="$(find_repo "$repo")" || fail "no clone of nanoframework/$repo (use --sources DIR or --clone)"
    if commit="$(git -C "$git" rev-parse -q --verify "refs/tags/v$ver^{commit}")"; then
      how="tag v$ver"
    elif [ "$fallback" != - ] && git -C "$git" cat-file -e "$fallback^{commit}" 2>/dev/null; then
      commit="$fallback"; how="NOT the tag v$ver (absent from this clone): fallback commit"
    else
      fail "nanoframework/$repo has no tag v$ver and no fallback commit"
    fi
    src="$WORK/src/$repo@${commit:0:7}"
    if [ ! -d "$src" ]; then
      mkdir -p "$src"
      git -C "$git" archive "$commit" | tar -x -C "$src"
    fi
    [ -f "$src/$nfproj" ] || fail "$repo@${commit:0:7} has no $nfproj"
    name="$(nfproj_value "$src/$nfproj" AssemblyName)"
    key="$(nfproj_value "$src/$nfproj" AssemblyOriginatorKeyFile)"
    unsafe="$(nfproj_value "$src/$nfproj" AllowUnsafeBlocks)"
    mapfile -t refs < <(nfproj_references "$src/$nfproj")
    refitems="$(reference_items "${refs[@]}")" || fail "$name: references a library this script has not built yet"
    # The real build stamps the package version (Nerdbank.GitVersioning); do the same unless the
    # sources already say it.
    asmver=true
    grep -rqsE '^\s*\[assembly:\s*AssemblyVersion' "$(dirname "$src/$nfproj")" --include='*.cs' && asmver=false
    proj="$WORK/proj/$name"
    mkdir -p "$proj"
    cat >"$proj/$name.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <!-- Generated by tools/nano/check-device-app.sh from $repo@$commit:$nfproj -->
  <PropertyGroup>$COMMON_PROPS
    <AssemblyName>$name</AssemblyName>
    <LangVersion>latest</LangVersion>
    <AllowUnsafeBlocks>${unsafe:-false}</AllowUnsafeBlocks>
    <DefineConstants>NANOFRAMEWORK_1_0</DefineConstants>
    <GenerateAssemblyInfo>$asmver</GenerateAssemblyInfo>
    <GenerateAssemblyVersionAttribute>$asmver</GenerateAssemblyVersionAttribute>
    <GenerateAssemblyFileVersionAttribute>false</GenerateAssemblyFileVersionAttribute>
    <GenerateAssemblyInformationalVersionAttribute>false</GenerateAssemblyInformationalVersionAttribute>
    <GenerateAssemblyTitleAttribute>false</GenerateAssemblyTitleAttribute>
    <GenerateAssemblyProductAttribute>false</GenerateAssemblyProductAttribute>
    <GenerateAssemblyCompanyAttribute>false</GenerateAssemblyCompanyAttribute>
    <GenerateAssemblyConfigurationAttribute>false</GenerateAssemblyConfigurationAttribute>
    <GenerateAssemblyDescriptionAttribute>false</GenerateAssemblyDescriptionAttribute>
    <AssemblyVersion>$ver.0</AssemblyVersion>
    <SignAssembly>$([ -n "$key" ] && echo true || echo false)</SignAssembly>
    <AssemblyOriginatorKeyFile>$([ -n "$key" ] && echo "$(cd "$(dirname "$src/$nfproj")" && pwd)/$key")</AssemblyOriginatorKeyFile>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
$CORELIB_REF
$(nfproj_compile "$src/$nfproj")
$refitems
  </ItemGroup>
</Project>
EOF
    if ! dotnet build "$proj/$name.csproj" -c Release -nologo -v q -o "$proj/bin" >"$LOG/lib-$name.log" 2>&1; then
      grep -E 'error' "$LOG/lib-$name.log" | sort -u | head -n 20
      fail "library $name ($repo@${commit:0:7}) did not build, log: $LOG/lib-$name.log"
    fi
    cp "$proj/bin/$name.dll" "$LIB/"
    printf '%s %s %s@%s %s\n' "$name" "$ver" "$repo" "$commit" "$how" | tee -a "$WORK/libraries.txt"
  done <<<"$LIBRARIES"
  # The stamp tells --app-only what it reuses, and a later full run what it would rebuild.
  { sha256sum "$0" | cut -d' ' -f1; cat "$WORK/libraries.txt"; } >"$LIB/stamp"
}

# Step 4: Core and the app, as their .nfproj build them.
build_app() {
  local config="$1" out="$WORK/app/$1" refs
  mkdir -p "$out/rules" "$out/core" "$out/esp32"
  local defines="NANOFRAMEWORK_1_0"
  [ "$config" = Debug ] && defines="DEBUG;TRACE;NANOFRAMEWORK_1_0"
  local strict="
    <LangVersion>10.0</LangVersion>
    <DefineConstants>$defines</DefineConstants>
    <Optimize>$([ "$config" = Release ] && echo true || echo false)</Optimize>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <WarningLevel>9999</WarningLevel>"
  cat >"$out/rules/Gateway.Core.Rules.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <!-- Generated by tools/nano/check-device-app.sh from firmware/Gateway.Core.Rules.Nano/Gateway.Core.Rules.nfproj -->
  <PropertyGroup>$COMMON_PROPS$strict
    <AssemblyName>Gateway.Core.Rules</AssemblyName>
  </PropertyGroup>
  <ItemGroup>
$CORELIB_REF
$(nfproj_compile "$ROOT/firmware/Gateway.Core.Rules.Nano/Gateway.Core.Rules.nfproj")
  </ItemGroup>
</Project>
EOF
  cat >"$out/core/Gateway.Core.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <!-- Generated by tools/nano/check-device-app.sh from firmware/Gateway.Core.Nano/Gateway.Core.nfproj -->
  <PropertyGroup>$COMMON_PROPS$strict
    <AssemblyName>Gateway.Core</AssemblyName>
  </PropertyGroup>
  <ItemGroup>
$CORELIB_REF
$(nfproj_compile "$ROOT/firmware/Gateway.Core.Nano/Gateway.Core.nfproj")
    <ProjectReference Include="../rules/Gateway.Core.Rules.csproj" Private="false" />
  </ItemGroup>
</Project>
EOF
  mapfile -t refs < <(nfproj_references "$ROOT/firmware/Gateway.Esp32/Gateway.Esp32.nfproj" | grep -vxE "Gateway\.Core(\.Rules)?")
  local refitems; refitems="$(reference_items "${refs[@]}")" || return 1
  cat >"$out/esp32/Gateway.Esp32.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <!-- Generated by tools/nano/check-device-app.sh from firmware/Gateway.Esp32/Gateway.Esp32.nfproj -->
  <PropertyGroup>$COMMON_PROPS$strict
    <AssemblyName>Gateway.Esp32</AssemblyName>
    <OutputType>Exe</OutputType>
  </PropertyGroup>
  <ItemGroup>
$CORELIB_REF
$(nfproj_compile "$ROOT/firmware/Gateway.Esp32/Gateway.Esp32.nfproj")
$refitems
    <ProjectReference Include="../rules/Gateway.Core.Rules.csproj" Private="false" />
    <ProjectReference Include="../core/Gateway.Core.csproj" Private="false" />
  </ItemGroup>
</Project>
EOF
  if ! dotnet build "$out/esp32/Gateway.Esp32.csproj" -c "$config" -nologo -v q -o "$out/bin" >"$LOG/app-$config.log" 2>&1; then
    grep -E ': (error|warning) ' "$LOG/app-$config.log" | sed -E "s#$ROOT/##; s# \[/.*\]\$##" | sort -u | head -n 40
    return 1
  fi
}

# Step 5: the metadata scanner, a small program of ours (System.Reflection.Metadata from .NET).
build_scanner() {
  local dir="$WORK/scanner"
  mkdir -p "$dir"
  cat >"$dir/MetadataScan.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>disable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
  </PropertyGroup>
</Project>
EOF
  cat >"$dir/Program.cs" <<'EOF'
// Counts what the stable nanoFramework runtime cannot load: generic definitions, constraints,
// instantiations, and any generic instance or parameter inside a TypeSpec or a signature.
// Prints "<file>: generics N (...)" per assembly; exit code 1 when any is found.
using System;
using System.Collections.Immutable;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

internal sealed class Finder : ISignatureTypeProvider<bool, object>
{
    public bool GetGenericInstantiation(bool genericType, ImmutableArray<bool> typeArguments) => true;
    public bool GetGenericTypeParameter(object context, int index) => true;
    public bool GetGenericMethodParameter(object context, int index) => true;
    public bool GetArrayType(bool elementType, ArrayShape shape) => elementType;
    public bool GetSZArrayType(bool elementType) => elementType;
    public bool GetByReferenceType(bool elementType) => elementType;
    public bool GetPointerType(bool elementType) => elementType;
    public bool GetPinnedType(bool elementType) => elementType;
    public bool GetModifiedType(bool modifier, bool unmodifiedType, bool isRequired) => modifier || unmodifiedType;
    public bool GetFunctionPointerType(MethodSignature<bool> signature) => Any(signature);
    public bool GetPrimitiveType(PrimitiveTypeCode typeCode) => false;
    public bool GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => false;
    public bool GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => false;
    public bool GetTypeFromSpecification(MetadataReader reader, object context, TypeSpecificationHandle handle, byte rawTypeKind)
        => reader.GetTypeSpecification(handle).DecodeSignature(this, context);

    public static bool Any(MethodSignature<bool> s)
    {
        if (s.ReturnType) return true;
        foreach (bool p in s.ParameterTypes) if (p) return true;
        return false;
    }
}

internal static class Program
{
    private static int Main(string[] args)
    {
        int total = 0;
        foreach (string path in args)
        {
            using var pe = new PEReader(File.OpenRead(path));
            MetadataReader md = pe.GetMetadataReader();
            var f = new Finder();
            int typeSpecs = 0, signatures = 0;
            foreach (var h in Handles(md.GetTableRowCount(TableIndex.TypeSpec)))
                if (md.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(h)).DecodeSignature(f, null)) typeSpecs++;
            foreach (MethodDefinitionHandle h in md.MethodDefinitions)
                if (Finder.Any(md.GetMethodDefinition(h).DecodeSignature(f, null))) signatures++;
            foreach (FieldDefinitionHandle h in md.FieldDefinitions)
                if (md.GetFieldDefinition(h).DecodeSignature(f, null)) signatures++;
            foreach (MemberReferenceHandle h in md.MemberReferences)
            {
                MemberReference m = md.GetMemberReference(h);
                bool hit = m.GetKind() == MemberReferenceKind.Method ? Finder.Any(m.DecodeMethodSignature(f, null)) : m.DecodeFieldSignature(f, null);
                if (hit) signatures++;
            }
            foreach (var h in Handles(md.GetTableRowCount(TableIndex.StandAloneSig)))
            {
                StandaloneSignature s = md.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(h));
                bool hit = false;
                if (s.GetKind() == StandaloneSignatureKind.LocalVariables) { foreach (bool l in s.DecodeLocalSignature(f, null)) hit |= l; }
                else hit = Finder.Any(s.DecodeMethodSignature(f, null));
                if (hit) signatures++;
            }
            int gp = md.GetTableRowCount(TableIndex.GenericParam);
            int gpc = md.GetTableRowCount(TableIndex.GenericParamConstraint);
            int ms = md.GetTableRowCount(TableIndex.MethodSpec);
            int n = gp + gpc + ms + typeSpecs + signatures;
            total += n;
            Console.WriteLine($"{Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(path)))}/{Path.GetFileName(path)}: generics {n} (GenericParam {gp}, GenericParamConstraint {gpc}, MethodSpec {ms}, generic TypeSpec {typeSpecs}, generic signatures {signatures}; TypeSpec rows {md.GetTableRowCount(TableIndex.TypeSpec)})");
        }
        return total == 0 ? 0 : 1;
    }

    private static System.Collections.Generic.IEnumerable<int> Handles(int rows)
    {
        for (int i = 1; i <= rows; i++) yield return i;
    }
}
EOF
  dotnet build "$dir/MetadataScan.csproj" -c Release -nologo -v q -o "$dir/bin" >"$LOG/scanner.log" 2>&1 \
    || { cat "$LOG/scanner.log"; fail "the metadata scanner did not build"; }
}

# Step 6: the MetadataProcessor, as tests/nano/nano-lib.sh runs it.
convert_pe() {
  local bin="$1" tools="${GATEWAY_NANO_TOOLS:-$ROOT/../shared/tools/nano}" corelib hints=() n
  [ -f "$tools/mdp/nanoFramework.Tools.MetadataProcessor.dll" ] || { echo "skipped (no MetadataProcessor at $tools)"; return 0; }
  corelib="${NUGET_PACKAGES:-$HOME/.nuget/packages}/nanoframework.corelibrary/$CORELIB_VERSION/lib"
  for n in "$LIB"/*.dll; do hints+=(-loadHints "$(basename "$n" .dll)" "$n"); done
  mkdir -p "$WORK/pe/lib"
  pe_convert() { # IN.dll OUT.pe [HINTS...]: one assembly, as nano-lib.sh's nano_pe does
    local in="$1" out="$2" log="$LOG/pe-$(basename "$2" .pe).log"; shift 2
    dotnet "$tools/mdp/nanoFramework.Tools.MetadataProcessor.dll" -loadHints mscorlib "$corelib/mscorlib.dll" "$@" \
      -parse "$in" -compile "$out" false >"$log" 2>&1 \
      && [ -s "$out" ] || { tail -n 20 "$log"; echo "FAILED ($(basename "$in" .dll), log: $log)"; return 1; }
  }
  # The libraries too (WORK/pe/lib), in build order: tests/nano/box-heap.sh loads them beside the box
  # (BOX_DEVICE_LIBS) to count the heap they take on the device.
  local lib_hints=() name
  while read -r name _; do
    pe_convert "$LIB/$name.dll" "$WORK/pe/lib/$name.pe" "${lib_hints[@]}" || return 1
    lib_hints+=(-loadHints "$name" "$LIB/$name.dll")
  done <"$WORK/libraries.txt"
  pe_convert "$bin/Gateway.Core.Rules.dll" "$WORK/pe/Gateway.Core.Rules.pe" || return 1
  pe_convert "$bin/Gateway.Core.dll" "$WORK/pe/Gateway.Core.pe" -loadHints Gateway.Core.Rules "$bin/Gateway.Core.Rules.dll" || return 1
  pe_convert "$bin/Gateway.Esp32.dll" "$WORK/pe/Gateway.Esp32.pe" "${hints[@]}" -loadHints Gateway.Core.Rules "$bin/Gateway.Core.Rules.dll" \
    -loadHints Gateway.Core "$bin/Gateway.Core.dll" || return 1
  echo "ok ($(ls "$WORK/pe/lib"/*.pe | wc -l) libraries in $WORK/pe/lib, Gateway.Core.Rules.pe $(stat -c %s "$WORK/pe/Gateway.Core.Rules.pe") B, Gateway.Core.pe $(stat -c %s "$WORK/pe/Gateway.Core.pe") B, Gateway.Esp32.pe $(stat -c %s "$WORK/pe/Gateway.Esp32.pe") B)"
}

check_packages_config
if [ "$APP_ONLY" = 1 ]; then
  [ -f "$LIB/stamp" ] || fail "--app-only: no library build in $WORK (run once without --app-only)"
  echo "reusing the libraries built earlier in $WORK:"
  tail -n +2 "$LIB/stamp"
  [ "$(head -n1 "$LIB/stamp")" = "$(sha256sum "$0" | cut -d' ' -f1)" ] \
    || echo "note: this script changed since those libraries were built; a full run rebuilds them"
else
  build_libraries
fi
behind=$(grep -c 'NOT the tag' "$LIB/stamp" || true)

status=0
for config in Release Debug; do
  if build_app "$config"; then echo "app $config: built, 0 warnings"; else echo "app $config: build FAILED (log: $LOG/app-$config.log)"; status=1; fi
done
[ "$status" = 0 ] || fail "firmware/Gateway.Esp32 does not compile against the nanoFramework libraries (errors above)"

build_scanner
scan_ok=1
"$WORK/scanner/bin/MetadataScan" "$WORK/app/Release/bin/Gateway.Core.Rules.dll" "$WORK/app/Release/bin/Gateway.Core.dll" \
  "$WORK/app/Release/bin/Gateway.Esp32.dll" "$WORK/app/Debug/bin/Gateway.Core.Rules.dll" "$WORK/app/Debug/bin/Gateway.Core.dll" \
  "$WORK/app/Debug/bin/Gateway.Esp32.dll" || scan_ok=0
pe="$(convert_pe "$WORK/app/Release/bin")" || true
echo "MetadataProcessor (.pe): $pe"
[ -s "$WORK/shims.txt" ] && { echo "file-name case corrected (Windows ignores case):"; sort -u "$WORK/shims.txt" | sed 's/^/  /'; }

[ "$scan_ok" = 1 ] || fail "generics in the app or Core (counts above)"
case "$pe" in FAILED*) fail "the MetadataProcessor could not convert the app ($pe)" ;; esac
verdict="device app check: OK, Gateway.Esp32 + Gateway.Core + Gateway.Core.Rules compile (Release, Debug, warnings as errors) against $(($(wc -l <"$LIB/stamp") - 1)) nanoFramework library builds, no generics"
case "$pe" in ok*) verdict="$verdict, converts to .pe" ;; *) verdict="$verdict, .pe conversion skipped" ;; esac
[ "$behind" = 0 ] || verdict="$verdict; $behind of them NOT at the pinned tag (see above)"
echo "$verdict"
