using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace StakeholderHub.Badges.Credentials;

/// <summary>
/// Baking: putting a credential into the badge image so the image is the badge.
/// <list type="bullet">
/// <item>PNG (OB 3.0 §5.3.3.1 and OB 2.0 "Baking"): one uncompressed <c>iTXt</c> chunk with keyword
/// <c>openbadgecredential</c> (OB 3.0: the compact JWS or the JSON) or <c>openbadges</c> (OB 2.0: the assertion
/// JSON or its URL), just before <c>IEND</c>. Baking again replaces the chunk: there is never more than one.</item>
/// <item>SVG: OB 3.0 puts <c>&lt;openbadges:credential&gt;</c> (namespace https://purl.imsglobal.org/ob/v3p0) right
/// after the <c>&lt;svg&gt;</c> tag, with <c>verify="JWS"</c> for a VC-JWT or the JSON in CDATA; OB 2.0 puts
/// <c>&lt;openbadges:assertion verify="assertion URL"&gt;</c> (namespace http://openbadges.org) with the JSON in
/// CDATA (or <c>verify</c> holding the JWS of a signed 2.0 assertion).</item>
/// </list>
/// </summary>
public static partial class Baking
{
    public const string Ob3Keyword = "openbadgecredential";
    public const string Ob2Keyword = "openbadges";
    public const string Ob3Namespace = "https://purl.imsglobal.org/ob/v3p0";
    public const string Ob2Namespace = "http://openbadges.org";

    private static readonly byte[] PngSignature = [137, 80, 78, 71, 13, 10, 26, 10];
    private static readonly uint[] CrcTable = MakeCrcTable();

    /// <summary>Returns a copy of <paramref name="png"/> with one iTXt chunk (keyword, uncompressed UTF-8 text) before IEND, in place of any chunk with that keyword.</summary>
    public static byte[] BakePng(byte[] png, string keyword, string text)
    {
        ArgumentNullException.ThrowIfNull(png);
        ArgumentNullException.ThrowIfNull(text);
        ValidateKeyword(keyword);

        using var output = new MemoryStream(png.Length + text.Length + 64);
        output.Write(PngSignature);
        var sawEnd = false;
        foreach (var chunk in Chunks(png))
        {
            if (chunk.Type == "iTXt" && KeywordOf(png, chunk) == keyword)
            {
                continue;
            }

            if (chunk.Type == "IEND")
            {
                WriteChunk(output, "iTXt", ITxtData(keyword, text));
                sawEnd = true;
            }

            output.Write(png, chunk.Start, chunk.TotalLength);
            if (sawEnd)
            {
                break;
            }
        }

        if (!sawEnd)
        {
            throw new InvalidDataException("The PNG has no IEND chunk.");
        }

        return output.ToArray();
    }

    /// <summary>The text of the first iTXt chunk with this keyword, or null when there is none.</summary>
    public static string? ReadPng(byte[] png, string keyword)
    {
        ArgumentNullException.ThrowIfNull(png);
        ValidateKeyword(keyword);
        foreach (var chunk in Chunks(png))
        {
            if (chunk.Type == "iTXt" && KeywordOf(png, chunk) == keyword)
            {
                return ITxtText(png.AsSpan(chunk.DataStart, chunk.Length));
            }

            if (chunk.Type == "IEND")
            {
                break;
            }
        }

        return null;
    }

    /// <summary>
    /// Bakes into an SVG. OB 3.0 (<paramref name="ob3"/>): a compact JWS goes into <c>verify</c>, JSON into CDATA.
    /// OB 2.0: the assertion JSON goes into CDATA with <c>verify</c> = its <c>id</c> (hosted); a URL or a JWS goes
    /// into <c>verify</c> alone. Any element of that kind already there is replaced.
    /// </summary>
    public static string BakeSvg(string svg, string credentialOrAssertion, bool ob3)
    {
        ArgumentNullException.ThrowIfNull(svg);
        ArgumentException.ThrowIfNullOrWhiteSpace(credentialOrAssertion);
        var document = Parse(svg);
        var root = document.Root!;
        XNamespace ns = ob3 ? Ob3Namespace : Ob2Namespace;
        var name = ns + (ob3 ? "credential" : "assertion");
        root.Descendants(name).Remove();

        var payload = credentialOrAssertion.Trim();
        var element = new XElement(name);

        // The prefix the specs show, declared on the <svg> tag; an existing declaration of another prefix for this
        // namespace is left alone. Should "openbadges" already name the other version's namespace (an image baked
        // for both), the element declares the prefix itself so it still reads <openbadges:...>.
        var prefix = root.Attribute(XNamespace.Xmlns + "openbadges")?.Value;
        if (root.Attributes().All(a => !a.IsNamespaceDeclaration || a.Value != ns.NamespaceName))
        {
            if (prefix is null)
            {
                root.SetAttributeValue(XNamespace.Xmlns + "openbadges", ns.NamespaceName);
            }
            else
            {
                element.SetAttributeValue(XNamespace.Xmlns + "openbadges", ns.NamespaceName);
            }
        }

        if (IsCompactJws(payload) || IsUrl(payload))
        {
            element.SetAttributeValue("verify", payload);
        }
        else
        {
            if (!ob3 && AssertionId(payload) is { } id)
            {
                element.SetAttributeValue("verify", id);
            }

            foreach (var section in CDataSections(payload))
            {
                element.Add(new XCData(section));
            }
        }

        root.AddFirst(element);
        return Serialize(document);
    }

    /// <summary>What is baked into the SVG: the JSON in the element's body if there is one, else its <c>verify</c> value (a JWS or a URL); null when nothing is.</summary>
    public static string? ReadSvg(string svg, bool ob3)
    {
        ArgumentNullException.ThrowIfNull(svg);
        var document = Parse(svg);
        XNamespace ns = ob3 ? Ob3Namespace : Ob2Namespace;
        var element = document.Descendants(ns + (ob3 ? "credential" : "assertion")).FirstOrDefault();
        if (element is null)
        {
            return null;
        }

        var body = element.Value.Trim();
        if (body.Length > 0)
        {
            return body;
        }

        return element.Attribute("verify")?.Value;
    }

    private static bool IsCompactJws(string text) => CompactJws().IsMatch(text);

    private static bool IsUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && !text.Contains('{');

    private static string? AssertionId(string json)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(json)?["id"]?.GetValue<string>();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>CDATA cannot hold "]]&gt;": split there, so the sections read back as the original text.</summary>
    private static IEnumerable<string> CDataSections(string text)
    {
        var start = 0;
        int at;
        while ((at = text.IndexOf("]]>", start, StringComparison.Ordinal)) >= 0)
        {
            yield return text[start..(at + 2)];
            start = at + 2;
        }

        yield return text[start..];
    }

    private static XDocument Parse(string svg)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(svg), settings);
        var document = XDocument.Load(reader, LoadOptions.PreserveWhitespace);
        if (document.Root is null || document.Root.Name.LocalName != "svg")
        {
            throw new InvalidDataException("Not an SVG document.");
        }

        return document;
    }

    private static string Serialize(XDocument document)
    {
        var settings = new XmlWriterSettings { OmitXmlDeclaration = false, Encoding = new UTF8Encoding(false), Indent = false };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            document.Save(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private readonly record struct Chunk(int Start, int Length, string Type)
    {
        public int DataStart => Start + 8;
        public int TotalLength => Length + 12;
    }

    private static IEnumerable<Chunk> Chunks(byte[] png)
    {
        if (png.Length < PngSignature.Length || !png.AsSpan(0, PngSignature.Length).SequenceEqual(PngSignature))
        {
            throw new InvalidDataException("Not a PNG (no PNG signature).");
        }

        var position = PngSignature.Length;
        while (position < png.Length)
        {
            if (position + 12 > png.Length)
            {
                throw new InvalidDataException("The PNG ends inside a chunk header.");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position));
            if (length > int.MaxValue || position + 12L + length > png.Length)
            {
                throw new InvalidDataException("A PNG chunk runs past the end of the file.");
            }

            var type = Encoding.ASCII.GetString(png, position + 4, 4);
            yield return new Chunk(position, (int)length, type);
            position += 12 + (int)length;
        }
    }

    private static string? KeywordOf(byte[] png, Chunk chunk)
    {
        var data = png.AsSpan(chunk.DataStart, chunk.Length);
        var end = data.IndexOf((byte)0);
        return end < 0 ? null : Encoding.Latin1.GetString(data[..end]);
    }

    private static byte[] ITxtData(string keyword, string text)
    {
        using var data = new MemoryStream();
        data.Write(Encoding.Latin1.GetBytes(keyword));
        data.WriteByte(0); // keyword terminator
        data.WriteByte(0); // compression flag: none (both specs: compression MUST NOT be used)
        data.WriteByte(0); // compression method
        data.WriteByte(0); // empty language tag
        data.WriteByte(0); // empty translated keyword
        data.Write(Encoding.UTF8.GetBytes(text));
        return data.ToArray();
    }

    private static string? ITxtText(ReadOnlySpan<byte> data)
    {
        var keywordEnd = data.IndexOf((byte)0);
        if (keywordEnd < 0 || keywordEnd + 3 > data.Length)
        {
            return null;
        }

        var compressed = data[keywordEnd + 1] == 1;
        var rest = data[(keywordEnd + 3)..];
        var languageEnd = rest.IndexOf((byte)0);
        if (languageEnd < 0)
        {
            return null;
        }

        rest = rest[(languageEnd + 1)..];
        var translatedEnd = rest.IndexOf((byte)0);
        if (translatedEnd < 0)
        {
            return null;
        }

        var text = rest[(translatedEnd + 1)..];
        if (!compressed)
        {
            return Encoding.UTF8.GetString(text);
        }

        // Read what another baker may have compressed, though neither spec allows it.
        using var inflater = new ZLibStream(new MemoryStream(text.ToArray()), CompressionMode.Decompress);
        using var reader = new StreamReader(inflater, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        output.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc(typeBytes, data));
        output.Write(word);
    }

    /// <summary>The PNG chunk CRC (ISO 3309 / ITU-T V.42) over the chunk type and data.</summary>
    internal static uint Crc(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in type)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }

    private static void ValidateKeyword(string keyword)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyword);
        if (keyword.Length > 79 || keyword.Any(c => c < 32 || c > 126))
        {
            throw new ArgumentException("A PNG keyword is 1 to 79 printable Latin-1 characters.", nameof(keyword));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+$")]
    private static partial Regex CompactJws();
}
