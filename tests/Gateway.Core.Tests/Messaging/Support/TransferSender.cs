using Gateway.Core.Messaging;
using Gateway.Core.Rules;

namespace Gateway.Core.Tests.Messaging.Support
{
    /// <summary>The backend's side of a staged transfer in tests: an image cut into chunks, as
    /// manifests and rules/chunk payloads (docs/mqtt.md, "Staged transfers").</summary>
    internal sealed class TransferSender
    {
        public readonly byte[] Image;
        public readonly RuleManifest Manifest;

        public TransferSender(byte[] image, string version, int chunkBytes, long issuedMs)
        {
            Image = image;
            Manifest = RuleManifest.ForImage(image, version, chunkBytes, issuedMs);
        }

        public int Count { get { return Manifest.ChunkCount; } }

        /// <summary>The rules/chunk payload of chunk <paramref name="index"/>.</summary>
        public byte[] Chunk(int index) { return RuleChunk.Payload(Manifest, Image, index); }

        /// <summary>The rules/set payload announcing the transfer.</summary>
        public byte[] ManifestPayload()
        {
            string json = "{\"version\":\"" + Manifest.Version + "\",\"format\":\"chunked\",\"size\":" + Manifest.TotalBytes
                + ",\"crc32\":" + Manifest.Crc32 + ",\"chunkSize\":" + Manifest.ChunkBytes + ",\"chunks\":" + Manifest.ChunkCount
                + ",\"issued\":" + Manifest.IssuedMs + "}";
            return Gateway.Core.Messaging.Utf8.GetBytes(json);
        }

        /// <summary>A compiled image of <paramref name="rules"/> generated block rules (13 + 5 digits), plus the text's extra lines.</summary>
        public static byte[] GeneratedImage(int rules, int seed, string version, string extra)
        {
            string text = extra;
            int n = 1300000 + seed;
            for (int i = 0; i < rules; i++)
            {
                n = (n * 7 + 13) % 100000 + 1300000;
                text += "block " + n + "\n";
            }
            RuleSet set;
            string error;
            if (!RuleTextParser.TryParse(Gateway.Core.Messaging.Utf8.GetBytes(text), out set, out error)) throw new System.Exception(error);
            return RuleImage.Write(RuleTrieBuilder.Build(set, version));
        }
    }
}
