using System.Text.Json;
using System.Text.Json.Serialization;

namespace StakeholderHub.Realtime;

/// <summary>
/// The entries of one broadcast, each encoded to JSON at most once. The broadcaster sends one batch to the room and
/// one to each person an entry is addressed to; those personal batches repeat the room's entries, and encoding them
/// again for every person was most of the broadcaster's time (docs/performance.md). A batch made of these entries
/// writes each one's JSON as it was first encoded; what the client receives is the same JSON.
/// </summary>
public sealed class EncodedChanges : IReadOnlyList<Change>
{
    private readonly Shared _shared;
    private readonly int[] _indexes;

    private EncodedChanges(Shared shared, int[] indexes)
    {
        _shared = shared;
        _indexes = indexes;
    }

    /// <summary>The entries of one broadcast; <see cref="Select"/> makes each receiver's batch of them.</summary>
    public static EncodedChanges All(IReadOnlyList<Change> changes) =>
        new(new Shared(changes), Enumerable.Range(0, changes.Count).ToArray());

    /// <summary>The entries that pass <paramref name="keep"/>, in order, sharing their encoding with this list.</summary>
    public EncodedChanges Select(Func<int, bool> keep) => new(_shared, _indexes.Where(keep).ToArray());

    public int Count => _indexes.Length;

    public Change this[int index] => _shared.Changes[_indexes[index]];

    public IEnumerator<Change> GetEnumerator() => _indexes.Select(i => _shared.Changes[i]).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Write(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var i in _indexes)
        {
            writer.WriteRawValue(_shared.Encoded(i, options), skipInputValidation: true);
        }

        writer.WriteEndArray();
    }

    private sealed class Shared(IReadOnlyList<Change> changes)
    {
        private readonly byte[]?[] _encoded = new byte[changes.Count][];
        private JsonSerializerOptions? _options;

        public IReadOnlyList<Change> Changes { get; } = changes;

        /// <summary>The entry's JSON with these options; encoded on first use (a race encodes it twice, the same).</summary>
        public byte[] Encoded(int index, JsonSerializerOptions options)
        {
            if (!ReferenceEquals(Volatile.Read(ref _options), options))
            {
                lock (_encoded)
                {
                    if (!ReferenceEquals(_options, options))
                    {
                        Array.Clear(_encoded);
                        Volatile.Write(ref _options, options);
                    }
                }
            }

            return Volatile.Read(ref _encoded[index]) ?? (_encoded[index] = JsonSerializer.SerializeToUtf8Bytes(Changes[index], options));
        }
    }
}

/// <summary>Writes a batch's entries, as encoded once when they are <see cref="EncodedChanges"/>; reads them as a list.</summary>
public sealed class ChangeListConverter : JsonConverter<IReadOnlyList<Change>>
{
    public override IReadOnlyList<Change>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<List<Change>>(ref reader, options);

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<Change> value, JsonSerializerOptions options)
    {
        if (value is EncodedChanges encoded)
        {
            encoded.Write(writer, options);
            return;
        }

        writer.WriteStartArray();
        foreach (var change in value)
        {
            JsonSerializer.Serialize(writer, change, options);
        }

        writer.WriteEndArray();
    }
}
