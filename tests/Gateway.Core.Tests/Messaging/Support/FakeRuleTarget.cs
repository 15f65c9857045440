using System.Collections;
using Gateway.Core.Rules;

namespace Gateway.Core.Tests.Messaging.Support
{
    /// <summary>Rules in force for link tests: records what it was asked to apply, refuses on demand.</summary>
    internal sealed class FakeRuleTarget : IRuleUpdateTarget
    {
        public string Version { get; set; } = "v1";
        public string RefuseWith;
        public string WarnWith;
        /// <summary>Versions applied (strings), in order.</summary>
        public readonly ArrayList Applied = new ArrayList();
        public byte[] LastBody;
        public bool LastIsImage;

        public bool TryApply(byte[] body, bool isImage, string version, out string reason, out string warnings)
        {
            LastBody = body;
            LastIsImage = isImage;
            warnings = null;
            if (RefuseWith != null)
            {
                reason = RefuseWith;
                return false;
            }
            reason = null;
            warnings = WarnWith;
            Version = version;
            Applied.Add(version);
            return true;
        }
    }
}
