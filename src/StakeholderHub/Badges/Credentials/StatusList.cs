using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace StakeholderHub.Badges.Credentials;

/// <summary>
/// Revocation as a verifier checks it (W3C Bitstring Status List v1.0, which OB 3.0 §9 names for
/// <c>credentialStatus</c>, and whose terms the VC 2.0 context defines): each credential carries a
/// <c>BitstringStatusListEntry</c> with its index in a list, and the list is a <c>BitstringStatusListCredential</c>
/// served by the hub and signed like the badges (VC-JWT, the badge key). A set bit means revoked.
/// </summary>
public static class StatusList
{
    /// <summary>Bits in one list: 16 KB, the spec's minimum length, so a list hides which of many badges is checked.</summary>
    public const int Size = 131_072;

    public const string Purpose = "revocation";

    /// <summary>The credential's <c>credentialStatus</c>: list <c>index / Size</c>, bit <c>index % Size</c>.</summary>
    public static JsonObject Entry(BadgeUrls urls, long index)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var list = urls.StatusList(index / Size).AbsoluteUri;
        var bit = (index % Size).ToString(CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["id"] = $"{list}#{bit}",
            ["type"] = "BitstringStatusListEntry",
            ["statusPurpose"] = Purpose,
            ["statusListIndex"] = bit,
            ["statusListCredential"] = list,
        };
    }

    /// <summary>The unsigned list credential of list <paramref name="number"/>, with the given bits set.</summary>
    public static JsonObject Credential(BadgeUrls urls, long number, IEnumerable<int> revokedBits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var id = urls.StatusList(number).AbsoluteUri;
        return new JsonObject
        {
            ["@context"] = new JsonArray(OpenBadgeCredential.VcContext),
            ["id"] = id,
            ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
            ["issuer"] = urls.Issuer().AbsoluteUri,
            ["validFrom"] = OpenBadgeCredential.Timestamp(now),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = id + "#list",
                ["type"] = "BitstringStatusList",
                ["statusPurpose"] = Purpose,
                ["encodedList"] = Encode(revokedBits),
            },
        };
    }

    /// <summary>
    /// The bitstring with the given bits set, GZIP-compressed, as multibase base64url without padding ("u" + …).
    /// Bit 0 is the left-most bit of the first byte.
    /// </summary>
    public static string Encode(IEnumerable<int> bits)
    {
        var bytes = new byte[Size / 8];
        foreach (var bit in bits)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(bit);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bit, Size);
            bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }

        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return "u" + Base64UrlEncoder.Encode(compressed.ToArray());
    }
}
