using System.Buffers.Binary;
using System.Xml.Linq;
using StakeholderHub.Badges.Credentials;

namespace StakeholderHub.Tests.Badges;

public sealed class BadgeImageTests
{
    [Fact]
    public void The_png_is_a_512_pixel_square_png()
    {
        var png = BadgeImage.Png;
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(512u, BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(512u, BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20)));
        png[100] ^= 0xFF;
        Assert.NotEqual(png[100], BadgeImage.Png[100]);
    }

    [Fact]
    public void The_svg_is_self_contained()
    {
        var svg = BadgeImage.Svg;
        var root = XDocument.Parse(svg).Root!;
        Assert.Equal(XName.Get("svg", "http://www.w3.org/2000/svg"), root.Name);
        Assert.Contains("EcoSystem Explorer", svg);
        var references = root.DescendantsAndSelf().Attributes()
            .Where(a => a.Name.LocalName == "href" || a.Value.Contains("url(", StringComparison.Ordinal))
            .Select(a => a.Value);
        Assert.All(references, r => Assert.Matches(@"^(url\()?#", r));
        Assert.DoesNotContain("@import", svg);
        Assert.DoesNotContain("@font-face", svg);
    }
}
