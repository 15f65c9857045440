using System;
using System.IO;
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

        private static System.Collections.Generic.IEnumerable<TypeSpecificationHandle> EnumerateTypeSpecs(MetadataReader md)
        {
            int rows = md.GetTableRowCount(TableIndex.TypeSpec);
            for (int i = 1; i <= rows; i++)
                yield return MetadataTokens.TypeSpecificationHandle(i);
        }
    }
}
