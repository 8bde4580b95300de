using System.Reflection;
using System.Text;

namespace StakeholderHub.Badges.Credentials;

/// <summary>The EcoSystem Explorer artwork, embedded in the server (see Artwork/README.md for how the PNG was made).</summary>
public static class BadgeImage
{
    private static readonly Lazy<string> LazySvg = new(() => Encoding.UTF8.GetString(Resource("badges/ecosystem-explorer.svg")));
    private static readonly Lazy<byte[]> LazyPng = new(() => Resource("badges/ecosystem-explorer.png"));

    /// <summary>The artwork as SVG (self-contained: no external fonts, images or hosts).</summary>
    public static string Svg => LazySvg.Value;

    /// <summary>The same artwork as a 512×512 PNG. A fresh copy each time, so a caller cannot change the original.</summary>
    public static byte[] Png => (byte[])LazyPng.Value.Clone();

    private static byte[] Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
