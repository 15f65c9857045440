using System.Security.Cryptography;
using Gateway.Core.Rules;
using Gateway.Core.Tests.Support;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Gateway.Core.Tests.Rules.Support.RuleTestSupport;

namespace Gateway.Core.Tests.Rules
{
    /// <summary>Host-only SHA-256 checks: the long FIPS example, .NET's implementation as a second
    /// opinion, and no allocation (the code check runs on the per-key path).</summary>
    [TestClass]
    public class Sha256HostTests
    {
        [TestMethod]
        public void One_million_times_a()
        {
            byte[] a = new byte[1000];
            for (int i = 0; i < a.Length; i++) a[i] = (byte)'a';
            var sha = new Sha256();
            for (int i = 0; i < 1000; i++) sha.Update(a, 0, a.Length);
            byte[] digest = new byte[32];
            sha.Final(digest, 0);
            Assert.AreEqual("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Sha256Tests.Hex(digest));
        }

        [TestMethod]
        public void Random_messages_of_every_length_up_to_300_bytes_agree_with_dotnet()
        {
            var rng = new SeededRandom(256);
            var sha = new Sha256();
            byte[] digest = new byte[32];
            for (int length = 0; length <= 300; length++)
            {
                byte[] data = new byte[length];
                for (int i = 0; i < length; i++) data[i] = (byte)rng.Next(256);
                int split = length == 0 ? 0 : rng.Next(length);
                sha.Update(data, 0, split);
                sha.Update(data, split, length - split);
                sha.Final(digest, 0);
                CollectionAssert.AreEqual(SHA256.HashData(data), digest, "length " + length);
            }
        }

        [TestMethod]
        public void Hashing_allocates_nothing()
        {
            var sha = new Sha256();
            byte[] data = new byte[16];
            byte[] digest = new byte[32];
            sha.Update(data, 0, data.Length);
            sha.Final(digest, 0);
            long before = AllocatedBytes();
            for (int i = 0; i < 1000; i++)
            {
                sha.Update(data, 0, data.Length);
                sha.Update((byte)i);
                sha.Final(digest, 0);
            }
            Assert.AreEqual(0L, AllocatedBytes() - before);
        }
    }
}
