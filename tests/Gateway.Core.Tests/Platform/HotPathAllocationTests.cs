using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Gateway.Core.Tests.Platform.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Platform
{
    /// <summary>No allocation, as nanoCLR counts them, in any Core method the per-digit and per-edge paths can reach.</summary>
    /// <remarks>
    /// The host allocation tests (CallSessionAllocationTests, LineDecoderAllocationTests, ...) cannot see a
    /// string literal: .NET interns it, while nanoCLR allocates a new string on every ldstr
    /// (nf-interpreter a3e8139 src/CLR/Core/Interpreter.cpp:2317, CLR_RT_HeapBlock_String.cpp:93-102), and the device's GC
    /// stops the world. So this reads Core's IL: the call graph of Core's own methods from the entry
    /// points below (callvirt to an interface or virtual method reaches every Core implementation), and
    /// flags ldstr, newobj, newarr, box and mscorlib string building in every method it reaches. Code on
    /// its way to a throw (a straight run of instructions ending in throw) is not followed.
    /// </remarks>
    [TestClass]
    public class HotPathAllocationTests
    {
        private static readonly Assembly CoreAssembly = typeof(Gateway.Core.Calls.CallRecord).Assembly;
        private static readonly Assembly RulesAssembly = typeof(Gateway.Core.Rules.RuleBook).Assembly;

        /// <summary>What runs per line edge, per digit or per pass of the device loop (every 10 ms; all overloads of each).</summary>
        private static readonly string[] EntryPoints =
        {
            // The GPIO interrupt queues each edge; the main loop pumps them into the box and ticks it.
            "Gateway.Core.Line.LineEdgeQueue.Push",
            "Gateway.Core.Line.LineEdgeQueue.TryTake",
            "Gateway.Core.Line.LineEdgePump.Run",
            // The box's line inputs: decoders (hook, pulse, DTMF, ring), call session, rule cursor, line cut.
            "Gateway.Core.GatewayBox.OnHookLevel",
            "Gateway.Core.GatewayBox.OnDtmfStrobe",
            "Gateway.Core.GatewayBox.OnRingLevel",
            "Gateway.Core.GatewayBox.Tick",
            "Gateway.Core.GatewayBox.get_IsLineCut",
            "Gateway.Core.GatewayBox.get_Fault",
            // Named too so the graph does not depend on how the box wires them.
            "Gateway.Core.Line.LineSignalDecoder.OnHookLevel",
            "Gateway.Core.Line.LineSignalDecoder.OnDtmfStrobe",
            "Gateway.Core.Line.LineSignalDecoder.OnRingLevel",
            "Gateway.Core.Line.LineSignalDecoder.Tick",
            "Gateway.Core.Calls.CallSession.OnLineEvent",
            "Gateway.Core.Calls.CallSession.Tick",
            "Gateway.Core.Rules.RuleCursor.StartCall",
            "Gateway.Core.Rules.RuleCursor.Advance",
            "Gateway.Core.Rules.RuleCursor.Finish",
            "Gateway.Core.Rules.RuleCursor.Reset",
            // Live events of each key and hook change: the status tracker, then the link (when live events are on).
            "Gateway.Core.Status.StatusLineTracker.OnLiveEvent",
            "Gateway.Core.Messaging.BoxLink.OnLiveEvent",
            // The LEDs, every pass of the loop.
            "Gateway.Core.Status.StatusTable.LedsAt",
            // What the device loop reads and sets every pass besides (BoxLink.Tick publishes, so its
            // payloads are allocated by design: not listed).
            "Gateway.Core.Messaging.BoxLink.set_Fault",
            "Gateway.Core.Messaging.BoxLink.get_CurrentFault",
            "Gateway.Core.Messaging.BoxLink.get_RuleUpdates",
        };

        /// <summary>Methods reached from the entry points that run once per call or less, not per digit or edge:
        /// not followed (their allocations are measured elsewhere or accepted), each with why.</summary>
        private static readonly Dictionary<string, string> NotPerDigitOrEdge = new Dictionary<string, string>
        {
            ["CallSession.EndCall"] = "once per call (hang-up, the end of a block's cut, a missed ring): builds the "
                + "call record's texts and hands it to the journal and the link; keys and edges only reach it when they end the call",
            ["WiringSelfTest.OnHookLevel"] = SelfTestOnly,
            ["WiringSelfTest.OnDtmfStrobe"] = SelfTestOnly,
            ["WiringSelfTest.OnRingLevel"] = SelfTestOnly,
            ["WiringSelfTest.Tick"] = SelfTestOnly,
        };

        private const string SelfTestOnly = "the installer's wiring self-test mode only (settings.selfTest or the jumper; "
            + "LineEdgePump skips it otherwise): it publishes every raw input change, so it builds a payload per edge by design";

        /// <summary>Findings accepted on the reached paths, as "Type.Method: opcode operand", each with why.</summary>
        private static readonly Dictionary<string, string> Allowed = new Dictionary<string, string>
        {
        };

        [TestMethod]
        public void Per_digit_and_per_edge_paths_allocate_nothing_on_nanoCLR()
        {
            Scan scan = new Scan(CoreAssembly, RulesAssembly);
            foreach (string entry in EntryPoints) scan.AddEntry(entry);
            scan.Run(NotPerDigitOrEdge);
            Assert.IsTrue(scan.Reached.Count > 40, "the call graph reached only " + scan.Reached.Count + " methods");

            List<string> problems = new List<string>();
            HashSet<string> used = new HashSet<string>();
            foreach (Finding f in scan.Findings)
            {
                if (Allowed.ContainsKey(f.Key)) { used.Add(f.Key); continue; }
                problems.Add(f.Key + "   via " + scan.PathTo(f.Method));
            }
            Assert.AreEqual(0, problems.Count, problems.Count + " allocations on per-digit/per-edge paths:\n" + string.Join("\n", problems));
            foreach (string key in Allowed.Keys)
                Assert.IsTrue(used.Contains(key), "allowlist entry no longer found (remove it): " + key);
            foreach (string key in NotPerDigitOrEdge.Keys)
                Assert.IsTrue(scan.Cut.Contains(key), "not-per-digit entry no longer reached (remove it): " + key);
        }

        [TestMethod]
        public void The_scan_flags_literals_allocations_and_string_building_but_not_a_throw()
        {
            // The scan above must be able to fail: Sample's literal, concat, box, array and object are found,
            // the exception message on the way to its throw is not, and Helper is reached through the call.
            Scan scan = new Scan(typeof(HotPathAllocationTests).Assembly);
            scan.AddEntry(typeof(HotPathAllocationTests).FullName + "." + nameof(Sample));
            scan.Run(new Dictionary<string, string>());
            List<string> keys = new List<string>();
            foreach (Finding f in scan.Findings) keys.Add(f.Key);
            keys.Sort(StringComparer.Ordinal);
            Assert.AreEqual(string.Join("\n", new[]
            {
                "HotPathAllocationTests.Helper: newarr Int32",
                "HotPathAllocationTests.Sample: box Int32",
                "HotPathAllocationTests.Sample: call Int32.ToString",
                "HotPathAllocationTests.Sample: call String.Concat",
                "HotPathAllocationTests.Sample: ldstr \"literal \"",
                "HotPathAllocationTests.Sample: newobj Object",
            }), string.Join("\n", keys));
        }

        [TestMethod]
        public void The_scan_follows_interface_calls_to_every_core_implementation()
        {
            Scan scan = new Scan(CoreAssembly, RulesAssembly);
            scan.AddEntry("Gateway.Core.Calls.CallSession.OnLineEvent");
            scan.Run(new Dictionary<string, string>());
            CollectionAssert.Contains(scan.ReachedNames(), "RuleCursor.Advance", "CallSession calls its cursor through IRuleCursor");
            CollectionAssert.Contains(scan.ReachedNames(), "StatusLineTracker.OnLiveEvent", "CallSession calls its live sink through ILiveEventSink");
        }

        private static int Sample(int value)
        {
            if (value < 0) throw new ArgumentException("negative: " + value);
            object boxed = value;
            return ("literal " + value).Length + Helper(value) + new object().GetHashCode() + boxed.GetHashCode();
        }

        private static int Helper(int value)
        {
            int[] a = new int[value];
            return a.Length;
        }

        private struct Finding
        {
            public MethodBase Method;
            public string Key;
        }

        /// <summary>A breadth-first walk of Core's call graph with each reached method's findings.</summary>
        private sealed class Scan
        {
            private static readonly Dictionary<Assembly, PEReader> Readers = new Dictionary<Assembly, PEReader>();

            public readonly List<MethodBase> Reached = new List<MethodBase>();
            public readonly List<Finding> Findings = new List<Finding>();
            public readonly HashSet<string> Cut = new HashSet<string>();
            private readonly Dictionary<MethodBase, MethodBase> _from = new Dictionary<MethodBase, MethodBase>();
            private readonly Queue<MethodBase> _queue = new Queue<MethodBase>();
            private readonly Assembly[] _assemblies;

            public Scan(params Assembly[] assemblies)
            {
                _assemblies = assemblies;
            }

            public void AddEntry(string fullName)
            {
                int dot = fullName.LastIndexOf('.');
                Type type = null;
                foreach (Assembly a in _assemblies)
                    if (type == null) type = a.GetType(fullName.Substring(0, dot).Replace(".HotPathAllocationTests.", ".HotPathAllocationTests+"), false);
                Assert.IsNotNull(type, "entry point type not found: " + fullName);
                string name = fullName.Substring(dot + 1);
                int found = 0;
                foreach (MethodBase m in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
                    if (m.Name == name) { Enqueue(m, null); found++; }
                Assert.IsTrue(found > 0, "entry point not found: " + fullName);
            }

            public void Run(Dictionary<string, string> notFollowed)
            {
                while (_queue.Count > 0)
                {
                    MethodBase m = _queue.Dequeue();
                    if (notFollowed.ContainsKey(NameOf(m))) { Cut.Add(NameOf(m)); continue; }
                    Reached.Add(m);
                    Visit(m);
                }
            }

            public List<string> ReachedNames()
            {
                List<string> names = new List<string>();
                foreach (MethodBase m in Reached) names.Add(NameOf(m));
                return names;
            }

            public string PathTo(MethodBase m)
            {
                List<string> chain = new List<string>();
                for (MethodBase at = m; at != null; at = _from[at]) chain.Add(NameOf(at));
                chain.Reverse();
                return string.Join(" > ", chain);
            }

            private void Enqueue(MethodBase m, MethodBase from)
            {
                if (!IsOurs(m.DeclaringType) || m.IsAbstract || _from.ContainsKey(m)) return;
                // A static constructor runs once, not per call.
                if (m is ConstructorInfo && m.IsStatic) return;
                _from[m] = from;
                _queue.Enqueue(m);
            }

            private bool IsOurs(Type t)
            {
                return t != null && Array.IndexOf(_assemblies, t.Assembly) >= 0;
            }

            private void Visit(MethodBase m)
            {
                PEReader pe = ReaderOf(m.Module.Assembly);
                MetadataReader md = pe.GetMetadataReader();
                MethodDefinition def = md.GetMethodDefinition(MetadataTokens.MethodDefinitionHandle(m.MetadataToken));
                if (def.RelativeVirtualAddress == 0) return;
                List<(OpCode Op, int Token)> il = Decode(pe.GetMethodBody(def.RelativeVirtualAddress).GetILReader());
                bool[] toThrow = OnTheWayToThrow(il);
                for (int i = 0; i < il.Count; i++)
                {
                    if (toThrow[i]) continue;
                    OpCode op = il[i].Op;
                    int token = il[i].Token;
                    if (op == OpCodes.Ldstr)
                        Add(m, "ldstr \"" + m.Module.ResolveString(token) + "\"");
                    else if (op == OpCodes.Newarr || op == OpCodes.Box)
                        Add(m, op.Name + " " + m.Module.ResolveType(token).Name);
                    else if (op == OpCodes.Newobj || op == OpCodes.Call || op == OpCodes.Callvirt)
                    {
                        MethodBase target = m.Module.ResolveMethod(token);
                        if (op == OpCodes.Newobj) Add(m, "newobj " + target.DeclaringType.Name);
                        else if (BuildsAString(target)) Add(m, "call String." + target.Name);
                        else if (target.Name == "ToString" && !IsOurs(target.DeclaringType)) Add(m, "call " + target.DeclaringType.Name + ".ToString");
                        Enqueue(target, m);
                        if (op == OpCodes.Callvirt && target.IsVirtual) foreach (MethodBase impl in Implementations(target)) Enqueue(impl, m);
                    }
                }
            }

            private static bool BuildsAString(MethodBase target)
            {
                if (target.DeclaringType != typeof(string)) return false;
                switch (target.Name)
                {
                    case "Concat": case "Format": case "Substring": case "ToString": case "Join": case "Replace":
                    case "Trim": case "TrimStart": case "TrimEnd": case "ToUpper": case "ToLower": case "Split":
                    case "PadLeft": case "PadRight": case "Insert": case "Remove": case "ToCharArray":
                        return true;
                }
                return false;
            }

            /// <summary>Every method of ours that a callvirt to <paramref name="target"/> can land in.</summary>
            private IEnumerable<MethodBase> Implementations(MethodBase target)
            {
                Type declaring = target.DeclaringType;
                Type[] parameters = ParameterTypes(target);
                foreach (Assembly a in _assemblies)
                    foreach (Type t in a.GetTypes())
                    {
                        if (t.IsInterface || t.IsAbstract && t.IsSealed || !declaring.IsAssignableFrom(t)) continue;
                        if (declaring.IsInterface)
                        {
                            InterfaceMapping map = t.GetInterfaceMap(declaring);
                            for (int i = 0; i < map.InterfaceMethods.Length; i++)
                                if (map.InterfaceMethods[i] == target) yield return map.TargetMethods[i];
                            continue;
                        }
                        foreach (MethodInfo candidate in t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                            if (candidate.IsVirtual && candidate.Name == target.Name && SameTypes(ParameterTypes(candidate), parameters))
                                yield return candidate;
                    }
            }

            private static Type[] ParameterTypes(MethodBase m)
            {
                ParameterInfo[] p = m.GetParameters();
                Type[] types = new Type[p.Length];
                for (int i = 0; i < p.Length; i++) types[i] = p[i].ParameterType;
                return types;
            }

            private static bool SameTypes(Type[] a, Type[] b)
            {
                if (a.Length != b.Length) return false;
                for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
                return true;
            }

            private void Add(MethodBase m, string what)
            {
                Finding f;
                f.Method = m;
                f.Key = NameOf(m) + ": " + what;
                Findings.Add(f);
            }

            public static string NameOf(MethodBase m)
            {
                return m.DeclaringType.Name + "." + m.Name;
            }

            /// <summary>True for each instruction that can only be followed, without a branch or return, by a throw.</summary>
            private static bool[] OnTheWayToThrow(List<(OpCode Op, int Token)> il)
            {
                bool[] result = new bool[il.Count];
                bool throwing = false;
                for (int i = il.Count - 1; i >= 0; i--)
                {
                    FlowControl flow = il[i].Op.FlowControl;
                    if (flow == FlowControl.Throw) throwing = true;
                    else if (flow == FlowControl.Branch || flow == FlowControl.Cond_Branch || flow == FlowControl.Return) throwing = false;
                    result[i] = throwing;
                }
                return result;
            }

            /// <summary>Each opcode with its 4-byte token operand (0 for other operands).</summary>
            private static List<(OpCode Op, int Token)> Decode(BlobReader reader)
            {
                byte[] il = reader.ReadBytes(reader.RemainingBytes);
                List<(OpCode, int)> list = new List<(OpCode, int)>();
                foreach ((OpCode op, int operand) in IlInstructions.Of(il)) list.Add((op, IlInstructions.Token(il, op, operand)));
                return list;
            }

            private static PEReader ReaderOf(Assembly a)
            {
                lock (Readers)
                {
                    if (!Readers.TryGetValue(a, out PEReader pe))
                    {
                        Assert.IsTrue(File.Exists(a.Location), a.GetName().Name + ".dll not found at " + a.Location);
                        pe = new PEReader(File.OpenRead(a.Location));
                        Readers[a] = pe;
                    }
                    return pe;
                }
            }
        }
    }
}
