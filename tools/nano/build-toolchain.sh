#!/usr/bin/env bash
# Builds the nanoCLR toolchain the device tests and benchmarks use (tests/nano/*.sh), from public
# upstream sources at pinned commits, into a folder laid out like ../shared/tools/nano:
#   lib/nanoFramework.nanoCLR.so      the nanoCLR interpreter, POSIX target (plus bin/ its runner)
#   mdp/                              the MetadataProcessor (DLL -> .pe) for .NET 10
#   nano/                             nanoFramework.TestFramework, UnitTestLauncher, System.Text (.dll + .pe)
#   licenses/, README.md
# Then: GATEWAY_NANO_TOOLS=OUT bash tests/nano/device-tests.sh. See docs/nanoframework.md.
#
# Usage: tools/nano/build-toolchain.sh [-o OUT] [-w WORK] [--m32] [--skip-nanoclr] [--configure-only]
#   -o OUT            output folder (default artifacts/nano-toolchain, with --m32 artifacts/nano-toolchain-m32)
#   -w WORK           sources and build trees (default artifacts/nano-toolchain-work)
#   --m32             a 32-bit (i386, gcc -m32) nanoCLR, like the ESP32's: 12-byte heap blocks, 32-bit
#                     pointers (needs gcc-multilib g++-multilib); tests/nano/nano-lib.sh sees the bitness
#   --skip-nanoclr    build everything but the nanoCLR (keeps an existing OUT/lib)
#   --configure-only  clone, patch and configure the nanoCLR, do not compile it
# Sources: each repository is cloned from a URL or a local path (a bare mirror works):
#   NF_INTERPRETER_REPO, METADATA_PROCESSOR_REPO, TESTFRAMEWORK_REPO, SYSTEM_TEXT_REPO
#   (default: https://github.com/nanoframework/<name>). An existing checkout in WORK is reused.
# Needs: git, cmake, ninja, gcc/g++ (12 works), the .NET 10 SDK and NuGet (nanoFramework.CoreLibrary
# 1.17.11, Mono.Cecil 0.11.6, System.Drawing.Common 9.0.19). The nanoCLR build takes about 9 min on
# 2 cores; JOBS sets ninja's parallelism (default: all cores).
# Nothing upstream is kept in this repository: only this script and its small patches below (the
# heap size from the environment; the relocation offset of heap compaction on 64-bit Linux; with
# --m32, one size check).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"

NF_INTERPRETER_COMMIT=a3e8139a1ba778e33ca81b023099765eada6c456       # develop, 2026-07-24
METADATA_PROCESSOR_COMMIT=4541b46b25b6ddca89514c6627aa9973021b36d6   # 2025-06-03
TESTFRAMEWORK_COMMIT=d4fa55eb58a9ef2f4635e87da79d42e6c49b04b4        # 2025-09-30, TestFramework 3.0.80
SYSTEM_TEXT_COMMIT=4c12b0e88fbc215bcf8471b17d0cb219f0acb1f5          # 2026-07-09, System.Text 1.3.42
TESTFRAMEWORK_VERSION=3.0.80.0
SYSTEM_TEXT_VERSION=1.3.42.0
CORELIB_VERSION=1.17.11

out=""
work="$ROOT/artifacts/nano-toolchain-work"
m32=0
build_clr=1
compile_clr=1
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out="$2"; shift 2 ;;
    -w) work="$2"; shift 2 ;;
    --m32) m32=1; shift ;;
    --skip-nanoclr) build_clr=0; shift ;;
    --configure-only) compile_clr=0; shift ;;
    -h|--help) awk 'NR > 1 && /^set -euo/ { exit } NR > 1' "$0"; exit 0 ;;
    *) echo "build-toolchain: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$out" ]; then
  out="$ROOT/artifacts/nano-toolchain"
  [ "$m32" = 0 ] || out="$ROOT/artifacts/nano-toolchain-m32"
fi
mkdir -p "$out" "$work"
out="$(cd "$out" && pwd)"
work="$(cd "$work" && pwd)"
src="$work/src"
mkdir -p "$src"
# Our generated projects live under $work; this keeps any Directory.Build.props above it out.
echo '<Project></Project>' >"$work/Directory.Build.props"
echo '<Project></Project>' >"$work/Directory.Build.targets"

step() { echo "== $*" >&2; }

# checkout NAME REPO COMMIT: a working tree of REPO at COMMIT in $src/NAME.
checkout() {
  local name="$1" repo="$2" commit="$3" dir="$src/$1"
  if [ ! -d "$dir/.git" ]; then
    step "clone $name from $repo"
    git init -q "$dir"
    git -C "$dir" remote add origin "$repo"
    # Only the pinned commit when the server allows it (GitHub does), else everything.
    git -C "$dir" fetch -q --depth 1 origin "$commit" 2>/dev/null || git -C "$dir" fetch -q origin
  fi
  git -C "$dir" cat-file -e "$commit^{commit}" 2>/dev/null || git -C "$dir" fetch -q origin
  git -C "$dir" -c advice.detachedHead=false checkout -q --force "$commit"
  git -C "$dir" clean -qfdx
  [ "$(git -C "$dir" rev-parse HEAD)" = "$commit" ] || { echo "build-toolchain: $name is not at $commit" >&2; exit 1; }
}

checkout nf-interpreter "${NF_INTERPRETER_REPO:-https://github.com/nanoframework/nf-interpreter}" "$NF_INTERPRETER_COMMIT"
checkout metadata-processor "${METADATA_PROCESSOR_REPO:-https://github.com/nanoframework/metadata-processor}" "$METADATA_PROCESSOR_COMMIT"
checkout TestFramework "${TESTFRAMEWORK_REPO:-https://github.com/nanoframework/nanoFramework.TestFramework}" "$TESTFRAMEWORK_COMMIT"
checkout System.Text "${SYSTEM_TEXT_REPO:-https://github.com/nanoframework/System.Text}" "$SYSTEM_TEXT_COMMIT"

mkdir -p "$out/licenses"
cp "$src/nf-interpreter/LICENSE.md" "$out/licenses/nf-interpreter.LICENSE.md"
cp "$src/metadata-processor/LICENSE.md" "$out/licenses/metadata-processor.LICENSE.md"
cp "$src/TestFramework/LICENSE.md" "$out/licenses/TestFramework.LICENSE.md"
cp "$src/System.Text/LICENSE.md" "$out/licenses/System.Text.LICENSE.md"

# ---------------------------------------------------------------------------------------------
# 1. nanoCLR, POSIX target, with our one change: the managed heap size from NANOCLR_HEAP_BYTES.
if [ "$build_clr" = 1 ]; then
  step "nanoCLR: patch (managed heap size from NANOCLR_HEAP_BYTES)"
  git -C "$src/nf-interpreter" apply --whitespace=nowarn - <<'PATCH'
--- a/targets/posix/nanoCLR/Memory.cpp
+++ b/targets/posix/nanoCLR/Memory.cpp
@@ -15,6 +15,25 @@
     unsigned char *g_CustomHeapStart = nullptr;
     std::mutex g_DefaultHeapMutex;
     std::mutex g_CustomHeapMutex;
+
+    // Gateway: the managed heap size comes from NANOCLR_HEAP_BYTES (bytes), default 10 MB.
+    size_t ManagedHeapSizeBytes()
+    {
+        const char *text = std::getenv("NANOCLR_HEAP_BYTES");
+        if (text == nullptr || *text == '\0')
+        {
+            return c_DefaultHeapSizeBytes;
+        }
+        char *end = nullptr;
+        unsigned long long bytes = std::strtoull(text, &end, 10);
+        if (*end != '\0' || bytes < 4096 || bytes > 0xFFFFFFF0ULL)
+        {
+            return c_DefaultHeapSizeBytes;
+        }
+        return static_cast<size_t>(bytes);
+    }
+
+    size_t g_MemorySize = 0;
 } // namespace
 
 void HeapLocation(unsigned char *&BaseAddress, unsigned int &SizeInBytes)
@@ -24,16 +43,17 @@
     if (g_MemoryStart == nullptr)
     {
         // TODO: evaluate mmap() if we need stronger parity with win32 VirtualAlloc behavior.
-        g_MemoryStart = static_cast<unsigned char *>(std::malloc(c_DefaultHeapSizeBytes));
+        g_MemorySize = ManagedHeapSizeBytes();
+        g_MemoryStart = static_cast<unsigned char *>(std::malloc(g_MemorySize));
 
         if (g_MemoryStart != nullptr)
         {
-            std::memset(g_MemoryStart, 0xEA, c_DefaultHeapSizeBytes);
+            std::memset(g_MemoryStart, 0xEA, g_MemorySize);
         }
     }
 
     BaseAddress = g_MemoryStart;
-    SizeInBytes = (g_MemoryStart != nullptr) ? static_cast<unsigned int>(c_DefaultHeapSizeBytes) : 0;
+    SizeInBytes = (g_MemoryStart != nullptr) ? static_cast<unsigned int>(g_MemorySize) : 0;
 }
 
 void CustomHeapLocation(unsigned char *&BaseAddress, unsigned int &SizeInBytes)
PATCH
  # Compaction on a 64-bit host: the relocation offset is 64 bits wide only under _WIN64; on Linux
  # x64 it is 32 bits, so every reference a compaction moves down points 4 GiB too far and the
  # program crashes at its next use (docs/performance.md, "What the heap holds").
  step "nanoCLR: patch (64-bit relocation offset for LP64 hosts)"
  sed -i '/struct RelocationRegion/,/m_offset;/ s/#ifdef _WIN64/#if defined(_WIN64) || defined(__LP64__)/' \
    "$src/nf-interpreter/src/CLR/Include/nanoCLR_Runtime.h"
  sed -i 's/#ifdef _WIN64/#if defined(_WIN64) || defined(__LP64__)/' "$src/nf-interpreter/src/CLR/Core/GarbageCollector_Compaction.cpp"
  [ "$(grep -c '__LP64__' "$src/nf-interpreter/src/CLR/Core/GarbageCollector_Compaction.cpp")" = 2 ] \
    || { echo "build-toolchain: the relocation patch no longer matches GarbageCollector_Compaction.cpp" >&2; exit 1; }
  clr_build="$work/nanoclr-build"
  clr_flags=()
  if [ "$m32" = 1 ]; then
    # The one thing the pinned sources lack for a 32-bit POSIX host: a size check for it (its
    # #else is a deliberate compile error). The layout is the GCC device targets', so is the check.
    step "nanoCLR: patch (32-bit POSIX host checked like the GCC device targets)"
    git -C "$src/nf-interpreter" apply --whitespace=nowarn - <<'PATCH'
--- a/src/CLR/Include/nanoCLR_Runtime.h
+++ b/src/CLR/Include/nanoCLR_Runtime.h
@@ -3940,7 +3940,8 @@
 #define NANOCLR_TRACE_MEMORY_STATS_EXTRA_SIZE 0
 #endif
 
-#if defined(__GNUC__) && !defined(PLATFORM_POSIX_HOST) // Gcc compiler uses 8 bytes for a function pointer
+// Gateway: a 32-bit POSIX host (gcc -m32) lays this out as the GCC device targets do.
+#if defined(__GNUC__) && (!defined(PLATFORM_POSIX_HOST) || !defined(__LP64__)) // Gcc compiler uses 8 bytes for a function pointer
 CT_ASSERT(sizeof(CLR_RT_DataTypeLookup) == 20 + NANOCLR_TRACE_MEMORY_STATS_EXTRA_SIZE)
 
 #elif defined(VIRTUAL_DEVICE) && defined(NANOCLR_TRACE_MEMORY_STATS)
PATCH
    # Same sources, i386 code: every compile and link gets -m32 (the test harness too).
    clr_build="$work/nanoclr-build-m32"
    clr_flags=(-DCMAKE_C_FLAGS=-m32 -DCMAKE_CXX_FLAGS=-m32 -DCMAKE_SHARED_LINKER_FLAGS=-m32 -DCMAKE_EXE_LINKER_FLAGS=-m32)
  fi
  clr_log="$(basename "$clr_build")"
  step "nanoCLR: configure${clr_flags[*]:+ (32-bit)}"
  cmake -S "$src/nf-interpreter/targets/posix" -B "$clr_build" -G Ninja -DCMAKE_BUILD_TYPE=Release "${clr_flags[@]}" >"$work/$clr_log-configure.log" 2>&1 \
    || { tail -n 30 "$work/$clr_log-configure.log" >&2; echo "build-toolchain: nanoCLR configure failed" >&2; exit 1; }
  if [ "$compile_clr" = 1 ]; then
    step "nanoCLR: build (about 9 min on 2 cores; log: $work/$clr_log.log)"
    cmake --build "$clr_build" -j "${JOBS:-$(nproc)}" >"$work/$clr_log.log" 2>&1 \
      || { tail -n 30 "$work/$clr_log.log" >&2; echo "build-toolchain: nanoCLR build failed" >&2; exit 1; }
    mkdir -p "$out/lib" "$out/bin"
    cp "$clr_build/lib/nanoFramework.nanoCLR.so" "$out/lib/"
    cp "$clr_build/bin/nanoFramework.nanoCLR.test" "$out/bin/"
  else
    step "nanoCLR: configured only (--configure-only), not compiled"
  fi
fi

# ---------------------------------------------------------------------------------------------
# 2. MetadataProcessor as two SDK projects for .NET 10 (core library + console). The skeleton and
# dump generators need the mustache-sharp package, so they are left out and stubbed: -parse,
# -compile and -loadHints work, -generateskeleton and -dump_all do not.
step "MetadataProcessor"
mdp_src="$src/metadata-processor"
mdp="$work/mdp-build"
mkdir -p "$mdp/core" "$mdp/cli"
shared="$mdp_src/MetadataProcessor.Shared"
cat >"$mdp/core/core.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <AssemblyName>nanoFramework.Tools.MetadataProcessor.Core</AssemblyName>
    <RootNamespace>nanoFramework.Tools.MetadataProcessor.Core</RootNamespace>
    <Nullable>disable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
    <GenerateAssemblyInfo>false</GenerateAssemblyInfo>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
    <NoWarn>\$(NoWarn);CA1416;SYSLIB0011;CS0618;CS0168;CS0219;CS0162;CS0414;CS0649;CS0169;CS8981</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="$shared/**/*.cs"
             Exclude="$shared/nanoSkeletonGenerator.cs;$shared/nanoDumperGenerator.cs;$shared/SkeletonGenerator/SkeletonTemplates.cs;$shared/DumpGenerator/DumpTemplates.cs" />
    <Compile Include="../Stubs.cs" />
  </ItemGroup>
  <ItemGroup>
    <PackageReference Include="Mono.Cecil" Version="0.11.6" />
    <PackageReference Include="System.Drawing.Common" Version="9.0.19" />
  </ItemGroup>
</Project>
PROJ
cat >"$mdp/Stubs.cs" <<'CS'
// Stands in for the skeleton and dump generators, which need the mustache-sharp package.
using System;

namespace nanoFramework.Tools.MetadataProcessor.Core
{
    public sealed class nanoSkeletonGenerator
    {
        public nanoSkeletonGenerator(nanoTablesContext tablesContext, string path, string name, string project, bool withoutInteropCode, bool isCoreLibrary) { }
        public void GenerateSkeleton() { throw new NotSupportedException("skeleton generation is not built in (no mustache-sharp)"); }
    }

    public sealed class nanoDumperGenerator
    {
        public nanoDumperGenerator(nanoTablesContext tablesContext, string path) { }
        public void DumpAll() { throw new NotSupportedException("dump is not built in (no mustache-sharp)"); }
    }
}
CS
cat >"$mdp/cli/cli.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <AssemblyName>nanoFramework.Tools.MetadataProcessor</AssemblyName>
    <RootNamespace>nanoFramework.Tools.MetadataProcessor</RootNamespace>
    <Nullable>disable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
    <GenerateAssemblyInfo>false</GenerateAssemblyInfo>
    <NoWarn>\$(NoWarn);CA1416;SYSLIB0011;CS0618;CS0168;CS0219</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="$mdp_src/MetadataProcessor.Console/Program.cs" />
  </ItemGroup>
  <ItemGroup>
    <ProjectReference Include="../core/core.csproj" />
  </ItemGroup>
</Project>
PROJ
rm -rf "$out/mdp"
dotnet build "$mdp/cli/cli.csproj" -c Release -nologo -v q -o "$out/mdp" >"$work/mdp-build.log" 2>&1 \
  || { tail -n 30 "$work/mdp-build.log" >&2; echo "build-toolchain: MetadataProcessor build failed" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# 3. Device libraries: SDK projects against nanoFramework mscorlib, then converted to .pe.
# device_project DIR NAME VERSION [extra MSBuild XML]: writes DIR/NAME.csproj.
device_project() {
  local dir="$1" name="$2" version="$3" extra="${4:-}"
  mkdir -p "$dir"
  cat >"$dir/Version.cs" <<CS
[assembly: System.Reflection.AssemblyVersion("$version")]
CS
  cat >"$dir/$name.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>netstandard2.0</TargetFramework>
    <AssemblyName>$name</AssemblyName>
    <NoStdLib>true</NoStdLib>
    <DisableImplicitFrameworkReferences>true</DisableImplicitFrameworkReferences>
    <AddAdditionalExplicitAssemblyReferences>false</AddAdditionalExplicitAssemblyReferences>
    <GenerateAssemblyInfo>false</GenerateAssemblyInfo>
    <GenerateTargetFrameworkAttribute>false</GenerateTargetFrameworkAttribute>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
    <Nullable>disable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <!-- C# 11 and later embed RefSafetyRulesAttribute types the device libraries must not carry. -->
    <LangVersion>10.0</LangVersion>
    <ProduceReferenceAssembly>false</ProduceReferenceAssembly>
    <NoWarn>\$(NoWarn);NU1701;CS1591;CS0618</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="Version.cs" />
    <PackageReference Include="nanoFramework.CoreLibrary" Version="$CORELIB_VERSION" PrivateAssets="all" />
  </ItemGroup>
$extra
</Project>
PROJ
}

tf="$src/TestFramework/source"
st="$src/System.Text/nanoFramework.System.Text"
lib="$work/lib-build"
device_project "$lib/TestFramework" nanoFramework.TestFramework "$TESTFRAMEWORK_VERSION" "  <ItemGroup>
    <Compile Include=\"$tf/TestFramework/**/*.cs\" />
    <Compile Include=\"$tf/TestFrameworkShared/*.cs\" />
  </ItemGroup>"
device_project "$lib/UnitTestLauncher" nanoFramework.UnitTestLauncher "$TESTFRAMEWORK_VERSION" "  <PropertyGroup><OutputType>Exe</OutputType></PropertyGroup>
  <ItemGroup>
    <Compile Include=\"$tf/UnitTestLauncher/**/*.cs\" />
    <ProjectReference Include=\"../TestFramework/nanoFramework.TestFramework.csproj\" />
  </ItemGroup>"
# System.Text must carry its own strong name: mscorlib grants it internals by that key.
device_project "$lib/System.Text" nanoFramework.System.Text "$SYSTEM_TEXT_VERSION" "  <PropertyGroup>
    <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
    <SignAssembly>true</SignAssembly>
    <AssemblyOriginatorKeyFile>$st/key.snk</AssemblyOriginatorKeyFile>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include=\"$st/**/*.cs\" />
  </ItemGroup>"

mkdir -p "$out/nano"
for p in TestFramework UnitTestLauncher System.Text; do
  step "build nanoFramework.$p"
  dotnet build "$lib/$p/nanoFramework.$p.csproj" -c Release -nologo -v q -o "$lib/bin" >"$work/$p-build.log" 2>&1 \
    || { tail -n 30 "$work/$p-build.log" >&2; echo "build-toolchain: nanoFramework.$p build failed" >&2; exit 1; }
done
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
corelib="$packages/nanoframework.corelibrary/$CORELIB_VERSION/lib"
launcher="$lib/bin/nanoFramework.UnitTestLauncher.dll"
[ -f "$launcher" ] || launcher="$lib/bin/nanoFramework.UnitTestLauncher.exe"
cp "$lib/bin/nanoFramework.TestFramework.dll" "$lib/bin/nanoFramework.System.Text.dll" "$out/nano/"
cp "$launcher" "$out/nano/nanoFramework.UnitTestLauncher.dll"

# to_pe NAME [-loadHints ...]: converts $out/nano/NAME.dll to $out/nano/NAME.pe.
to_pe() {
  local name="$1"; shift
  step "convert $name to .pe"
  dotnet "$out/mdp/nanoFramework.Tools.MetadataProcessor.dll" -loadHints mscorlib "$corelib/mscorlib.dll" "$@" \
    -parse "$out/nano/$name.dll" -compile "$out/nano/$name.pe" false >"$work/$name.pe.log" 2>&1 \
    || { tail -n 30 "$work/$name.pe.log" >&2; echo "build-toolchain: MetadataProcessor failed on $name" >&2; exit 1; }
  [ -s "$out/nano/$name.pe" ] || { echo "build-toolchain: no $name.pe written" >&2; exit 1; }
  rm -f "$out/nano/$name.pdbx"
}
to_pe nanoFramework.TestFramework
to_pe nanoFramework.System.Text
to_pe nanoFramework.UnitTestLauncher -loadHints nanoFramework.TestFramework "$out/nano/nanoFramework.TestFramework.dll"

clr_bits="64-bit (x86-64)"
clr_patches="Memory.cpp and 64-bit relocation patches"
if [ "$m32" = 1 ]; then
  clr_bits="32-bit (i386, gcc -m32: 12-byte heap blocks and 4-byte pointers, as on the ESP32)"
  clr_patches="Memory.cpp, relocation (a no-op on 32 bits) and nanoCLR_Runtime.h patches"
fi
cat >"$out/README.md" <<README
# nanoCLR toolchain (built by tools/nano/build-toolchain.sh)

Built from public MIT-licensed sources (licences in licenses/), for the Gateway device tests
(tests/nano/device-tests.sh, GATEWAY_NANO_TOOLS=$out). Nothing here belongs in the repository.

| folder | what | source |
|---|---|---|
| lib/, bin/ | nanoCLR, POSIX target, $clr_bits, and its runner; managed heap from NANOCLR_HEAP_BYTES (default 10 MB) | nanoframework/nf-interpreter @ $NF_INTERPRETER_COMMIT + the script's $clr_patches |
| mdp/ | MetadataProcessor for .NET 10 (-parse, -compile, -loadHints; no -generateskeleton, -dump_all) | nanoframework/metadata-processor @ $METADATA_PROCESSOR_COMMIT |
| nano/ | nanoFramework.TestFramework and UnitTestLauncher $TESTFRAMEWORK_VERSION, nanoFramework.System.Text $SYSTEM_TEXT_VERSION (signed with its key.snk), .dll and .pe | nanoframework/nanoFramework.TestFramework @ $TESTFRAMEWORK_COMMIT, nanoframework/System.Text @ $SYSTEM_TEXT_COMMIT |

mscorlib.pe comes from the NuGet package nanoFramework.CoreLibrary $CORELIB_VERSION.
README
[ -f "$out/lib/nanoFramework.nanoCLR.so" ] || echo "build-toolchain: note: $out/lib/nanoFramework.nanoCLR.so was not built (see the options)" >&2
step "done: GATEWAY_NANO_TOOLS=$out bash tests/nano/device-tests.sh"
