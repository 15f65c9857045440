namespace Gateway.Core.Messaging.Json
{
    /// <summary>What <see cref="JsonReader.Read"/> found.</summary>
    public enum JsonToken
    {
        None = 0,
        StartObject,
        EndObject,
        StartArray,
        EndArray,
        PropertyName,
        String,
        Number,
        True,
        False,
        Null,
        /// <summary>The document ended after one complete value (and whitespace).</summary>
        EndOfDocument,
        /// <summary>The input is not strict JSON (RFC 8259) or exceeds a limit; see <see cref="JsonReader.Error"/>.</summary>
        Error,
    }
}
