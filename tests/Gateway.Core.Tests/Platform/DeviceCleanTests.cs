using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Gateway.Core.Tests.Platform
{
    /// <summary>Gateway.Core.dll must load on the stable nanoFramework runtime: mscorlib only, no generics.</summary>
    [TestClass]
    public class DeviceCleanTests
    {
        private static string CoreDllPath()
        {
            string path = typeof(Gateway.Core.Calls.CallRecord).Assembly.Location;
            Assert.IsTrue(File.Exists(path), "Gateway.Core.dll not found at " + path);
            return path;
        }

        private static MetadataReader Open(out PEReader pe)
        {
            pe = new PEReader(File.OpenRead(CoreDllPath()));
            return pe.GetMetadataReader();
        }

        [TestMethod]
        public void Core_references_only_mscorlib()
        {
            MetadataReader md = Open(out PEReader pe);
            using (pe)
            {
                int count = 0;
                foreach (AssemblyReferenceHandle h in md.AssemblyReferences)
                {
                    string name = md.GetString(md.GetAssemblyReference(h).Name);
                    Assert.AreEqual("mscorlib", name, "Gateway.Core references " + name);
                    count++;
                }
                Assert.AreEqual(1, count, "Gateway.Core should reference exactly mscorlib");
            }
        }

        [TestMethod]
        public void Core_has_no_generic_definitions_or_instantiations()
        {
            MetadataReader md = Open(out PEReader pe);
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
        public void Core_type_references_resolve_to_mscorlib_types_dotnet_forwards()
        {
            // Every type Core uses from mscorlib must also exist on .NET, or host tests would not
            // exercise the device binary (e.g. SpanByte is device-only).
            MetadataReader md = Open(out PEReader pe);
            using (pe)
            {
                foreach (TypeReferenceHandle h in md.TypeReferences)
                {
                    TypeReference tr = md.GetTypeReference(h);
                    if (tr.ResolutionScope.Kind != HandleKind.AssemblyReference) continue;
                    string full = md.GetString(tr.Namespace) + "." + md.GetString(tr.Name);
                    Type t = Type.GetType(full + ", mscorlib", false);
                    Assert.IsNotNull(t, full + " is used by Gateway.Core but does not exist on .NET");
                }
            }
        }

        [TestMethod]
        public void Core_never_turns_an_enum_into_text()
        {
            // On nanoFramework an enum's ToString() gives its number, so "state " + state would put
            // "3" into a payload or log on the device while the host shows "Blocked". Boxing an enum
            // (string.Concat(object), ToString via constrained call) is how that compiles; names
            // must come from an explicit switch instead.
            MetadataReader md = Open(out PEReader pe);
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
                        if (IsCoreEnum(md, operand))
                            found.Add(where + " boxes " + md.GetString(md.GetTypeDefinition((TypeDefinitionHandle)operand).Name));
                }
                Assert.IsTrue(methods > 100, "IL scan saw only " + methods + " method bodies");
                Assert.AreEqual(0, found.Count, string.Join("; ", found));
            }
        }

        [TestMethod]
        public void Enum_boxing_scan_finds_a_boxed_enum()
        {
            // The scan above must be able to fail: this test assembly's own method does box one.
            byte[] il = typeof(DeviceCleanTests).GetMethod(nameof(DescribeVerdict), BindingFlags.NonPublic | BindingFlags.Static).GetMethodBody().GetILAsByteArray();
            int boxes = 0;
            foreach (EntityHandle unused in BoxedOrConstrainedTypes(il)) boxes++;
            Assert.IsTrue(boxes >= 1, "the IL walker missed the box in DescribeVerdict");
        }

        private static string DescribeVerdict(Gateway.Core.Rules.RuleVerdict verdict)
        {
            return "verdict " + verdict;
        }

        private static bool IsCoreEnum(MetadataReader md, EntityHandle handle)
        {
            if (handle.Kind != HandleKind.TypeDefinition) return false;
            EntityHandle baseType = md.GetTypeDefinition((TypeDefinitionHandle)handle).BaseType;
            if (baseType.Kind != HandleKind.TypeReference) return false;
            TypeReference tr = md.GetTypeReference((TypeReferenceHandle)baseType);
            return md.GetString(tr.Namespace) == "System" && md.GetString(tr.Name) == "Enum";
        }

        private static readonly Dictionary<int, OpCode> OpCodesByValue = LoadOpCodes();

        private static Dictionary<int, OpCode> LoadOpCodes()
        {
            Dictionary<int, OpCode> table = new Dictionary<int, OpCode>();
            foreach (FieldInfo f in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                OpCode op = (OpCode)f.GetValue(null);
                table[(ushort)op.Value] = op;
            }
            return table;
        }

        /// <summary>Walks IL opcode by opcode and yields the type operand of every box and constrained. prefix.</summary>
        private static IEnumerable<EntityHandle> BoxedOrConstrainedTypes(byte[] il)
        {
            int i = 0;
            while (i < il.Length)
            {
                int value = il[i++];
                if (value == 0xFE) value = 0xFE00 | il[i++];
                Assert.IsTrue(OpCodesByValue.TryGetValue(value, out OpCode op), "unknown IL opcode 0x" + value.ToString("X"));
                int operand = op.OperandType switch
                {
                    OperandType.InlineNone => 0,
                    OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                    OperandType.InlineVar => 2,
                    OperandType.InlineI8 or OperandType.InlineR => 8,
                    OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                    _ => 4,
                };
                if (op == OpCodes.Box || op == OpCodes.Constrained)
                    yield return MetadataTokens.EntityHandle(BitConverter.ToInt32(il, i));
                i += operand;
            }
        }

        private static IEnumerable<TypeSpecificationHandle> EnumerateTypeSpecs(MetadataReader md)
        {
            int rows = md.GetTableRowCount(TableIndex.TypeSpec);
            for (int i = 1; i <= rows; i++)
                yield return MetadataTokens.TypeSpecificationHandle(i);
        }
    }
}
