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
    /// <summary>Core's two assemblies must load on the stable nanoFramework runtime: mscorlib (and each other) only, no generics.</summary>
    [TestClass]
    public class DeviceCleanTests
    {
        private static readonly Assembly CoreAssembly = typeof(Gateway.Core.Calls.CallRecord).Assembly;
        private static readonly Assembly RulesAssembly = typeof(Gateway.Core.Rules.RuleBook).Assembly;

        private static Assembly Named(string assembly)
        {
            if (assembly == "Gateway.Core") return CoreAssembly;
            if (assembly == "Gateway.Core.Rules") return RulesAssembly;
            throw new ArgumentException("not one of Core's assemblies: " + assembly);
        }

        private static MetadataReader Open(string assembly, out PEReader pe)
        {
            string path = Named(assembly).Location;
            Assert.IsTrue(File.Exists(path), assembly + ".dll not found at " + path);
            pe = new PEReader(File.OpenRead(path));
            return pe.GetMetadataReader();
        }

        [TestMethod]
        [DataRow("Gateway.Core", "Gateway.Core.Rules,mscorlib")]
        [DataRow("Gateway.Core.Rules", "mscorlib")]
        public void Core_references_only_mscorlib_and_its_rules(string assembly, string allowed)
        {
            MetadataReader md = Open(assembly, out PEReader pe);
            using (pe)
            {
                List<string> names = new List<string>();
                foreach (AssemblyReferenceHandle h in md.AssemblyReferences)
                    names.Add(md.GetString(md.GetAssemblyReference(h).Name));
                names.Sort(StringComparer.Ordinal);
                Assert.AreEqual(allowed, string.Join(",", names), assembly + "'s references");
            }
        }

        [TestMethod]
        [DataRow("Gateway.Core")]
        [DataRow("Gateway.Core.Rules")]
        public void Core_has_no_generic_definitions_or_instantiations(string assembly)
        {
            MetadataReader md = Open(assembly, out PEReader pe);
            using (pe)
            {
                Assert.AreEqual(0, md.GetTableRowCount(TableIndex.GenericParam), "generic type or method definitions");
                Assert.AreEqual(0, md.GetTableRowCount(TableIndex.MethodSpec), "generic method instantiations");
                Assert.AreEqual(0, md.GetTableRowCount(TableIndex.GenericParamConstraint), "generic constraints");
                foreach (TypeSpecificationHandle h in EnumerateTypeSpecs(md))
                {
                    BlobReader blob = md.GetBlobReader(md.GetTypeSpecification(h).Signature);
                    SignatureTypeCode code = blob.ReadSignatureTypeCode();
                    Assert.AreNotEqual(SignatureTypeCode.GenericTypeInstance, code, "generic type instantiation in a TypeSpec");
                    Assert.AreNotEqual(SignatureTypeCode.GenericTypeParameter, code, "generic type parameter in a TypeSpec");
                    Assert.AreNotEqual(SignatureTypeCode.GenericMethodParameter, code, "generic method parameter in a TypeSpec");
                }
            }
        }

        [TestMethod]
        [DataRow("Gateway.Core")]
        [DataRow("Gateway.Core.Rules")]
        public void Core_type_references_resolve_to_mscorlib_types_dotnet_forwards(string assembly)
        {
            // Every type Core uses from mscorlib must also exist on .NET, or host tests would not
            // exercise the device binary (e.g. SpanByte is device-only).
            MetadataReader md = Open(assembly, out PEReader pe);
            using (pe)
            {
                foreach (TypeReferenceHandle h in md.TypeReferences)
                {
                    TypeReference tr = md.GetTypeReference(h);
                    if (tr.ResolutionScope.Kind != HandleKind.AssemblyReference) continue;
                    string scope = md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)tr.ResolutionScope).Name);
                    if (scope != "mscorlib") continue;
                    string full = md.GetString(tr.Namespace) + "." + md.GetString(tr.Name);
                    Type t = Type.GetType(full + ", mscorlib", false);
                    Assert.IsNotNull(t, full + " is used by Gateway.Core but does not exist on .NET");
                }
            }
        }

        [TestMethod]
        [DataRow("Gateway.Core")]
        [DataRow("Gateway.Core.Rules")]
        public void Core_never_turns_an_enum_into_text(string assembly)
        {
            // On nanoFramework an enum's ToString() gives its number, so "state " + state would put
            // "3" into a payload or log on the device while the host shows "Blocked". Boxing an enum
            // (string.Concat(object), ToString via constrained call) is how that compiles; names
            // must come from an explicit switch instead.
            MetadataReader md = Open(assembly, out PEReader pe);
            using (pe)
            {
                List<string> found = new List<string>();
                int methods = 0;
                foreach (MethodDefinitionHandle h in md.MethodDefinitions)
                {
                    MethodDefinition def = md.GetMethodDefinition(h);
                    if (def.RelativeVirtualAddress == 0) continue;
                    methods++;
                    string where = md.GetString(md.GetTypeDefinition(def.GetDeclaringType()).Name) + "." + md.GetString(def.Name);
                    foreach (EntityHandle operand in BoxedOrConstrainedTypes(pe.GetMethodBody(def.RelativeVirtualAddress).GetILBytes()))
                        if (IsCoreEnum(md, operand, out string name))
                            found.Add(where + " boxes " + name);
                }
                Assert.IsTrue(methods > 100, "IL scan saw only " + methods + " method bodies");
                Assert.AreEqual(0, found.Count, string.Join("; ", found));
            }
        }

        [TestMethod]
        public void Enum_boxing_scan_finds_a_boxed_enum()
        {
            // The scan above must be able to fail: this test assembly's own method does box one.
            // RuleVerdict lives in Gateway.Core.Rules, so Gateway.Core sees it as a reference, as this assembly does.
            using PEReader pe = new PEReader(File.OpenRead(typeof(DeviceCleanTests).Assembly.Location));
            MetadataReader md = pe.GetMetadataReader();
            byte[] il = typeof(DeviceCleanTests).GetMethod(nameof(DescribeVerdict), BindingFlags.NonPublic | BindingFlags.Static).GetMethodBody().GetILAsByteArray();
            List<string> enums = new List<string>();
            foreach (EntityHandle boxed in BoxedOrConstrainedTypes(il))
                if (IsCoreEnum(md, boxed, out string name)) enums.Add(name);
            Assert.AreEqual("RuleVerdict", string.Join(",", enums), "the IL walker missed the boxed enum in DescribeVerdict");
        }

        [TestMethod]
        [DataRow("Gateway.Core")]
        [DataRow("Gateway.Core.Rules")]
        public void Core_formats_numbers_only_with_standard_formats(string assembly)
        {
            // nanoCLR formats numbers with a letter G X F N D E and digits only: "00" throws
            // NotImplementedException, "0.0" comes back as itself (docs/nanoframework.md, "Found on nanoCLR").
            MetadataReader md = Open(assembly, out PEReader pe);
            using (pe)
            {
                List<string> found = new List<string>();
                int calls = 0;
                foreach (MethodDefinitionHandle h in md.MethodDefinitions)
                {
                    MethodDefinition def = md.GetMethodDefinition(h);
                    if (def.RelativeVirtualAddress == 0) continue;
                    string where = md.GetString(md.GetTypeDefinition(def.GetDeclaringType()).Name) + "." + md.GetString(def.Name);
                    foreach (string problem in FormatProblems(md, pe.GetMethodBody(def.RelativeVirtualAddress).GetILBytes(), () => calls++))
                        found.Add(where + ": " + problem);
                }
                Assert.IsTrue(calls >= 1, "the scan saw only " + calls + " ToString(format) calls (each assembly has X8 or X2)");
                Assert.AreEqual(0, found.Count, string.Join("; ", found));
            }
        }

        [TestMethod]
        public void Format_scan_finds_a_custom_format()
        {
            // The scan above must be able to fail: CustomFormat below uses "00".
            using PEReader pe = new PEReader(File.OpenRead(typeof(DeviceCleanTests).Assembly.Location));
            MetadataReader md = pe.GetMetadataReader();
            List<string> found = new List<string>();
            foreach (MethodDefinitionHandle h in md.MethodDefinitions)
            {
                MethodDefinition def = md.GetMethodDefinition(h);
                if (md.GetString(def.Name) != nameof(CustomFormat)) continue;
                found.AddRange(FormatProblems(md, pe.GetMethodBody(def.RelativeVirtualAddress).GetILBytes(), () => { }));
            }
            Assert.AreEqual("ToString(\"00\")", string.Join("; ", found));
        }

        private static string CustomFormat(int value)
        {
            return "#" + value.ToString("00") + " " + value.ToString("X2");
        }

        private static string DescribeVerdict(Gateway.Core.Rules.RuleVerdict verdict)
        {
            return "verdict " + verdict;
        }

        /// <summary>An enum of either Core assembly: defined here, or referenced from Gateway.Core.Rules.</summary>
        private static bool IsCoreEnum(MetadataReader md, EntityHandle handle, out string name)
        {
            name = null;
            if (handle.Kind == HandleKind.TypeReference)
            {
                TypeReference r = md.GetTypeReference((TypeReferenceHandle)handle);
                if (r.ResolutionScope.Kind != HandleKind.AssemblyReference) return false;
                if (md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)r.ResolutionScope).Name) != "Gateway.Core.Rules") return false;
                name = md.GetString(r.Name);
                Type t = RulesAssembly.GetType(md.GetString(r.Namespace) + "." + name, false);
                return t != null && t.IsEnum;
            }
            if (handle.Kind != HandleKind.TypeDefinition) return false;
            name = md.GetString(md.GetTypeDefinition((TypeDefinitionHandle)handle).Name);
            EntityHandle baseType = md.GetTypeDefinition((TypeDefinitionHandle)handle).BaseType;
            if (baseType.Kind != HandleKind.TypeReference) return false;
            TypeReference tr = md.GetTypeReference((TypeReferenceHandle)baseType);
            return md.GetString(tr.Namespace) == "System" && md.GetString(tr.Name) == "Enum";
        }

        /// <summary>The type operand of every box and constrained. prefix.</summary>
        private static IEnumerable<EntityHandle> BoxedOrConstrainedTypes(byte[] il)
        {
            foreach ((OpCode op, int operand) in IlInstructions.Of(il))
                if (op == OpCodes.Box || op == OpCodes.Constrained)
                    yield return MetadataTokens.EntityHandle(BitConverter.ToInt32(il, operand));
        }

        /// <summary>Calls of ToString(string[, provider]) whose format is not a constant a few
        /// instructions before, or not a standard nanoCLR format (a letter G X F N D E, digits);
        /// <paramref name="seen"/> is called for each such call.</summary>
        private static IEnumerable<string> FormatProblems(MetadataReader md, byte[] il, Action seen)
        {
            string format = null;
            int formatAt = -10, index = 0;
            foreach ((OpCode op, int operand) in IlInstructions.Of(il))
            {
                index++;
                if (op == OpCodes.Ldstr)
                {
                    format = md.GetUserString(MetadataTokens.UserStringHandle(BitConverter.ToInt32(il, operand) & 0xFFFFFF));
                    formatAt = index;
                }
                if ((op != OpCodes.Call && op != OpCodes.Callvirt) || !IsToStringWithFormat(md, MetadataTokens.EntityHandle(BitConverter.ToInt32(il, operand))))
                    continue;
                seen();
                if (index - formatAt > 3) yield return "ToString with a format that is not a constant";
                else if (!System.Text.RegularExpressions.Regex.IsMatch(format, "^[GgXxFfNnDdEe][0-9]*$")) yield return "ToString(\"" + format + "\")";
            }
        }

        private static bool IsToStringWithFormat(MetadataReader md, EntityHandle method)
        {
            StringHandle name;
            BlobHandle signature;
            if (method.Kind == HandleKind.MemberReference)
            {
                MemberReference m = md.GetMemberReference((MemberReferenceHandle)method);
                name = m.Name;
                signature = m.Signature;
            }
            else if (method.Kind == HandleKind.MethodDefinition)
            {
                MethodDefinition m = md.GetMethodDefinition((MethodDefinitionHandle)method);
                name = m.Name;
                signature = m.Signature;
            }
            else return false;
            if (md.GetString(name) != "ToString") return false;
            BlobReader blob = md.GetBlobReader(signature);
            blob.ReadSignatureHeader();
            if (blob.ReadCompressedInteger() == 0) return false;
            blob.ReadSignatureTypeCode(); // returns string
            return blob.ReadSignatureTypeCode() == SignatureTypeCode.String;
        }

        private static IEnumerable<TypeSpecificationHandle> EnumerateTypeSpecs(MetadataReader md)
        {
            int rows = md.GetTableRowCount(TableIndex.TypeSpec);
            for (int i = 1; i <= rows; i++)
                yield return MetadataTokens.TypeSpecificationHandle(i);
        }
    }
}
