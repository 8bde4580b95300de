using System.Buffers.Binary;
using System.Text;
using System.Xml.Linq;
using StakeholderHub.Badges.Credentials;

namespace StakeholderHub.Tests.Badges;

/// <summary>Baked PNG and SVG give back exactly what went in, stay valid images, and hold one credential at a time.</summary>
public sealed class BakingTests(TempKeys temp) : IClassFixture<TempKeys>
{
    private string Jwt() => VcJwt.Sign(BadgeSamples.Credential(temp.Keys.KeyId), temp.Keys);

    private static string AssertionJson() =>
        OpenBadge2.Assertion(BadgeSamples.Issue(), BadgeSamples.Urls, false, null).ToJsonString();

    private sealed record PngChunk(string Type, byte[] Data);

    /// <summary>Reads a PNG the long way: signature, every chunk's CRC (bit by bit, not the table the code uses), IHDR first, IEND last.</summary>
    private static List<PngChunk> ValidPngChunks(byte[] png)
    {
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
        var chunks = new List<PngChunk>();
        var at = 8;
        while (at < png.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png[(at + 8)..(at + 8 + length)];
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(BitwiseCrc(png.AsSpan(at + 4, 4 + length)), crc);
            chunks.Add(new PngChunk(type, data));
            at += 12 + length;
        }

        Assert.Equal(png.Length, at);
        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("IEND", chunks[^1].Type);
        Assert.Single(chunks, c => c.Type == "IEND");
        return chunks;
    }

    private static uint BitwiseCrc(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }

    private static List<PngChunk> ITxt(byte[] png, string keyword) =>
        ValidPngChunks(png).Where(c => c.Type == "iTXt" && Encoding.Latin1.GetString(c.Data).StartsWith(keyword + "\0", StringComparison.Ordinal)).ToList();

    [Fact]
    public void A_baked_png_gives_back_the_exact_jwt_and_is_still_a_valid_png()
    {
        var jwt = Jwt();
        var baked = Baking.BakePng(BadgeImage.Png, Baking.Ob3Keyword, jwt);

        Assert.Equal(jwt, Baking.ReadPng(baked, "openbadgecredential"));
        var chunk = Assert.Single(ITxt(baked, "openbadgecredential"));
        // keyword, NUL, compression flag 0, method 0, empty language tag, empty translated keyword, the text.
        Assert.Equal(Encoding.Latin1.GetBytes("openbadgecredential\0\0\0\0\0").Concat(Encoding.UTF8.GetBytes(jwt)), chunk.Data);
        Assert.Equal("iTXt", ValidPngChunks(baked)[^2].Type);
        Assert.Null(Baking.ReadPng(BadgeImage.Png, Baking.Ob3Keyword));
        Assert.True(VcJwt.Verify(Baking.ReadPng(baked, Baking.Ob3Keyword)!, temp.Keys).Valid);
    }

    [Fact]
    public void Baking_twice_replaces_the_chunk_and_other_keywords_stay()
    {
        var once = Baking.BakePng(BadgeImage.Png, Baking.Ob3Keyword, "first");
        var both = Baking.BakePng(once, Baking.Ob2Keyword, AssertionJson());
        var twice = Baking.BakePng(both, Baking.Ob3Keyword, "second ✓ non-ASCII");

        Assert.Single(ITxt(twice, "openbadgecredential"));
        Assert.Single(ITxt(twice, "openbadges"));
        Assert.Equal("second ✓ non-ASCII", Baking.ReadPng(twice, Baking.Ob3Keyword));
        Assert.Equal(AssertionJson(), Baking.ReadPng(twice, Baking.Ob2Keyword));
        Assert.Equal(
            ValidPngChunks(BadgeImage.Png).Count(c => c.Type == "IDAT"),
            ValidPngChunks(twice).Count(c => c.Type == "IDAT"));
    }

    [Fact]
    public void Something_that_is_not_a_png_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => Baking.BakePng(Encoding.ASCII.GetBytes("GIF89a........"), Baking.Ob3Keyword, "x"));
        var truncated = BadgeImage.Png[..^12]; // without IEND
        Assert.Throws<InvalidDataException>(() => Baking.BakePng(truncated, Baking.Ob3Keyword, "x"));
    }

    [Fact]
    public void A_baked_ob3_svg_carries_the_jwt_in_verify_right_after_the_svg_tag()
    {
        var jwt = Jwt();
        var baked = Baking.BakeSvg(BadgeImage.Svg, jwt, ob3: true);

        Assert.Equal(jwt, Baking.ReadSvg(baked, ob3: true));
        var root = XDocument.Parse(baked).Root!;
        Assert.Equal("svg", root.Name.LocalName);
        var first = root.Elements().First();
        Assert.Equal(XName.Get("credential", "https://purl.imsglobal.org/ob/v3p0"), first.Name);
        Assert.Equal(jwt, first.Attribute("verify")!.Value);
        Assert.Equal("https://purl.imsglobal.org/ob/v3p0", root.Attribute(XNamespace.Xmlns + "openbadges")!.Value);
        Assert.Null(Baking.ReadSvg(baked, ob3: false));
    }

    [Fact]
    public void A_baked_ob3_svg_with_json_and_text_that_would_end_cdata_round_trips()
    {
        var credential = BadgeSamples.Credential();
        credential["description"] = "A narrative with ]]> inside & <markup>";
        var json = credential.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("]]>", json);

        var baked = Baking.BakeSvg(BadgeImage.Svg, json, ob3: true);

        Assert.Equal(json, Baking.ReadSvg(baked, ob3: true));
        Assert.Null(XDocument.Parse(baked).Root!.Elements().First().Attribute("verify"));
    }

    [Fact]
    public void A_baked_ob2_svg_has_the_assertion_in_cdata_and_its_url_in_verify()
    {
        var json = AssertionJson();
        var baked = Baking.BakeSvg(BadgeImage.Svg, json, ob3: false);

        Assert.Equal(json, Baking.ReadSvg(baked, ob3: false));
        Assert.Contains("<![CDATA[", baked);
        var element = XDocument.Parse(baked).Root!.Elements().First();
        Assert.Equal(XName.Get("assertion", "http://openbadges.org"), element.Name);
        Assert.Equal(BadgeSamples.Urls.Ob2Assertion("Zq7xN2b_LpW4tR9sVe1cYg").AbsoluteUri, element.Attribute("verify")!.Value);
    }

    [Fact]
    public void Baking_an_svg_twice_replaces_the_element()
    {
        var twice = Baking.BakeSvg(Baking.BakeSvg(BadgeImage.Svg, "a.b.c", ob3: true), "d.e.f", ob3: true);
        var both = Baking.BakeSvg(twice, AssertionJson(), ob3: false);

        var root = XDocument.Parse(both).Root!;
        Assert.Single(root.Descendants(XName.Get("credential", Baking.Ob3Namespace)));
        Assert.Single(root.Descendants(XName.Get("assertion", Baking.Ob2Namespace)));
        Assert.Equal("d.e.f", Baking.ReadSvg(both, ob3: true));
        Assert.Contains("<openbadges:credential ", both);
        Assert.Contains("<openbadges:assertion ", both);
        Assert.Equal(AssertionJson(), Baking.ReadSvg(both, ob3: false));
    }
}
