using Gateway.Core.Messaging.Json;

namespace Gateway.Core.Messaging
{
    /// <summary>The manifest of a staged rule transfer (rules/set with format "chunked", docs/mqtt.md):
    /// which image follows on rules/chunk, how big, its CRC-32 and how it is cut.</summary>
    public sealed class RuleManifest
    {
        /// <summary>Chunk size the tools send. M2Mqtt holds each message twice while the box writes it
        /// to flash, next to the set in force: on nanoCLR, the cn-geocoding box receiving in chunks of
        /// 4 KiB needs 4.5 to 7 KiB more heap than in chunks of 1 KiB, and below 1 KiB nothing more is saved
        /// (docs/performance.md, "A staged transfer on nanoCLR").</summary>
        public const int DefaultChunkBytes = 1024;

        /// <summary>Smallest chunk the box takes: below it, per-message overhead dominates.</summary>
        public const int MinChunkBytes = 256;

        /// <summary>Most chunks in one transfer: bounds the record's bitmap at 512 bytes.</summary>
        public const int MaxChunks = 4096;

        /// <summary>How many numeric fields a manifest has (<see cref="FieldName(int)"/>).</summary>
        public const int FieldCount = 5;

        private const int Size = 0, Crc = 1, ChunkSizeField = 2, Chunks = 3, Issued = 4;

        /// <summary>Version of the set (as rules/set).</summary>
        public string Version;
        /// <summary>Image bytes.</summary>
        public int TotalBytes;
        /// <summary>CRC-32 (IEEE 802.3) of the whole image; chunks carry it to name their transfer.</summary>
        public uint Crc32;
        /// <summary>Bytes per chunk (the last one may be shorter).</summary>
        public int ChunkBytes;
        /// <summary>Number of chunks.</summary>
        public int ChunkCount;
        /// <summary>When the sender made the manifest (Unix ms): of two overlapping transfers the later one wins.</summary>
        public long IssuedMs;

        /// <summary>The name of numeric field <paramref name="field"/> (0 to <see cref="FieldCount"/> - 1).</summary>
        /// <remarks>A switch rather than a static array: a static costs heap for the box's whole life.</remarks>
        public static string FieldName(int field)
        {
            switch (field)
            {
                case Size: return "size";
                case Crc: return "crc32";
                case ChunkSizeField: return "chunkSize";
                case Chunks: return "chunks";
                default: return "issued";
            }
        }

        /// <summary>Index of a numeric field's name, or -1.</summary>
        public static int FieldIndex(string name)
        {
            for (int i = 0; i < FieldCount; i++)
                if (FieldName(i) == name) return i;
            return -1;
        }

        /// <summary>The field name the reader is on when it is a numeric manifest field, else null.</summary>
        internal static string FieldName(JsonReader r)
        {
            for (int i = 0; i < FieldCount; i++)
                if (r.ValueEquals(FieldName(i))) return FieldName(i);
            return null;
        }

        /// <summary>Largest value a numeric field may have.</summary>
        public static long FieldMax(int field)
        {
            switch (field)
            {
                case Crc: return 0xFFFFFFFFL;
                case Issued: return 253402300799999L; // 9999-12-31T23:59:59.999Z
                default: return int.MaxValue;
            }
        }

        /// <summary>The manifest a sender makes for <paramref name="image"/> (tools, tests): its size and
        /// CRC-32, cut in chunks of <paramref name="chunkBytes"/>, issued at <paramref name="issuedMs"/>.</summary>
        public static RuleManifest ForImage(byte[] image, string version, int chunkBytes, long issuedMs)
        {
            RuleManifest m = new RuleManifest();
            m.Version = version;
            m.TotalBytes = image.Length;
            m.Crc32 = Gateway.Core.Rules.Crc32.Compute(image, 0, image.Length);
            m.ChunkBytes = chunkBytes;
            m.ChunkCount = (image.Length + chunkBytes - 1) / chunkBytes;
            m.IssuedMs = issuedMs;
            return m;
        }

        /// <summary>A manifest from checked field values, or null and why not.</summary>
        internal static RuleManifest From(string version, long[] values, out string reason)
        {
            reason = null;
            RuleManifest m = new RuleManifest();
            m.Version = version;
            m.TotalBytes = (int)values[Size];
            m.Crc32 = (uint)values[Crc];
            m.ChunkBytes = (int)values[ChunkSizeField];
            m.ChunkCount = (int)values[Chunks];
            m.IssuedMs = values[Issued];
            reason = m.Problem();
            return reason == null ? m : null;
        }

        /// <summary>Why the figures cannot describe a transfer, or null.</summary>
        public string Problem()
        {
            if (TotalBytes < 1) return "field \"size\" must be at least 1";
            if (ChunkBytes < MinChunkBytes) return "field \"chunkSize\" must be at least " + MinChunkBytes;
            long expected = ((long)TotalBytes + ChunkBytes - 1) / ChunkBytes;
            if (ChunkCount != expected) return "field \"chunks\" is " + ChunkCount + ", but " + TotalBytes + " bytes in chunks of " + ChunkBytes + " make " + expected;
            if (ChunkCount > MaxChunks) return "the set is cut into " + ChunkCount + " chunks, at most " + MaxChunks + " (send larger chunks)";
            return null;
        }

        /// <summary>Bytes of chunk <paramref name="index"/>: <see cref="ChunkBytes"/>, the last one what is left.</summary>
        public int ChunkLength(int index)
        {
            return index < ChunkCount - 1 ? ChunkBytes : TotalBytes - (ChunkCount - 1) * ChunkBytes;
        }

        /// <summary>True when both describe the same transfer (version, size, CRC, cut, issue time).</summary>
        public bool SameAs(RuleManifest other)
        {
            return other != null && other.Version == Version && other.TotalBytes == TotalBytes && other.Crc32 == Crc32
                && other.ChunkBytes == ChunkBytes && other.ChunkCount == ChunkCount && other.IssuedMs == IssuedMs;
        }
    }
}
