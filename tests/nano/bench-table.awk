# Prints bench.sh's table from the nanoCLR log (first file) and the .NET log (second file).
# Lines (see tests/nano/Bench/Program.cs): keys FED TICKS SUM, edges|boxedges N TICKS EVENTS SUM, timer TICKS,
# sweep STEPS, worst RANK NUMBER DEPTH TICKS, key NUMBER DEPTH DIALS TICKS_WITH TICKS_WITHOUT (fastest batch); ticks are 100 ns.
function us(ticks, n) { return ticks / n / 10 }
{ sub(/\r$/, "") }   # the nanoCLR ends lines with CR LF
FNR == 1 { side = (FILENAME == nano) ? "nano" : "host" }
$1 == "bench" { data = $4 }
$1 == "rules" { rules = $2; nodes = $4 }
$1 == "keys" { keyFed[side] = $2; keyUs[side] = us($3, $2); keySum[side] = $4 }
$1 == "edges" { edgeN[side] = $2; edgeUs[side] = us($3, $2); edgeEvents[side] = $4; edgeSum[side] = $5 }
$1 == "boxedges" { boxN[side] = $2; boxUs[side] = us($3, $2); boxEvents[side] = $4; boxSum[side] = $5 }
$1 == "timer" { timer[side] = $2 / 10 }
$1 == "sweep" { sweep[side] = $2 }
$1 == "worst" && side == "nano" { worstN++; worstNum[worstN] = $3; worstDepth[worstN] = $4; worstUs[worstN] = $5 / 10 }
$1 == "key" { lastUs[side, $2] = ($5 - $6) / $4 / 10; wholeUs[side, $2] = $5 / $4 / 10 }
END {
  printf "data: %s, %s rules, %s trie nodes; times in microseconds (us) per operation\n\n", data, rules, nodes
  printf "%-46s %12s %12s %10s\n", "operation", "nanoCLR us", ".NET us", "ratio"
  printf "%-46s %12.3f %12.5f %10.0f\n", "rule cursor, per key fed (" keyFed["nano"] " keys)", keyUs["nano"], keyUs["host"], keyUs["nano"] / keyUs["host"]
  printf "%-46s %12.3f %12.5f %10.0f\n", "line decoder, per hook edge (" edgeN["nano"] " edges)", edgeUs["nano"], edgeUs["host"], edgeUs["nano"] / edgeUs["host"]
  printf "%-46s %12.3f %12.5f %10.0f\n", "whole box (GatewayBox), per hook edge", boxUs["nano"], boxUs["host"], boxUs["nano"] / boxUs["host"]
  for (i = 1; i <= worstN; i++) {
    n = worstNum[i]
    printf "%-46s %12.3f %12.5f %10.0f\n", "slowest key #" i ": " n " (key " worstDepth[i] ")", lastUs["nano", n], lastUs["host", n], lastUs["nano", n] / lastUs["host", n]
  }
  if (worstN > 0) printf "%-46s %12.3f %12.5f %10.0f\n", "whole number " worstNum[1] " (Reset + " worstDepth[1] " keys)", wholeUs["nano", worstNum[1]], wholeUs["host", worstNum[1]], wholeUs["nano", worstNum[1]] / wholeUs["host", worstNum[1]]
  printf "\nworst-key sweep on nanoCLR: %s cursor steps (every trie path a call can reach), each its fastest of 5 passes\n", sweep["nano"]
  printf "  less the clock read (%.1f us); slowest single step in the sweep: %s at key %s, %.1f us\n", timer["nano"], worstNum[1], worstDepth[1], worstUs[1]
  ok = keySum["nano"] == keySum["host"] && keyFed["nano"] == keyFed["host"] && edgeSum["nano"] == edgeSum["host"] && edgeEvents["nano"] == edgeEvents["host"] && boxSum["nano"] == boxSum["host"] && boxEvents["nano"] == boxEvents["host"]
  printf "same decisions on both runtimes (keys fed, checksums, line events, call records, relay): %s\n", ok ? "yes" : "NO"
  if (!ok) exit 1
}
