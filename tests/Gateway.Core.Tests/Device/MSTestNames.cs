#if NANOFRAMEWORK_1_0
// Device build only (Gateway.Core.Tests.nfproj): the shared test files are written against
// MSTest's names; nanoFramework.TestFramework has the same attributes and Assert methods in its
// own namespace, and its launcher matches attribute types exactly, so alias rather than wrap.
global using TestClass = nanoFramework.TestFramework.TestClassAttribute;
global using TestMethod = nanoFramework.TestFramework.TestMethodAttribute;
global using Assert = nanoFramework.TestFramework.Assert;

namespace Microsoft.VisualStudio.TestTools.UnitTesting
{
    /// <summary>Makes the MSTest namespace exist on the device so the shared files' using directive compiles.</summary>
    internal static class NamespaceAnchor
    {
    }
}
#endif
