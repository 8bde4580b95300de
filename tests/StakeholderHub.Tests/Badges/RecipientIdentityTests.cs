using System.Security.Cryptography;
using System.Text;
using StakeholderHub.Badges.Credentials;

namespace StakeholderHub.Tests.Badges;

public sealed class RecipientIdentityTests
{
    /// <summary>The hash written out by hand: sha256 over the trimmed, lower-cased e-mail followed by the salt.</summary>
    internal static string Expected(string email, string salt)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant() + salt));
        return "sha256$" + string.Concat(bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void The_identity_is_the_salted_sha256_of_the_normalized_email()
    {
        Assert.Equal(Expected("ana.peeters@example.org", "k3Yw9-pQ"), RecipientIdentity.Hash("  Ana.Peeters@Example.org ", "k3Yw9-pQ"));
        // A known value: sha256("a@b.c" + "s").
        Assert.Equal("sha256$" + Convert.ToHexStringLower(SHA256.HashData("a@b.cs"u8.ToArray())), RecipientIdentity.Hash("A@B.C", "s"));
        Assert.NotEqual(RecipientIdentity.Hash("a@b.c", "s1"), RecipientIdentity.Hash("a@b.c", "s2"));
    }
}
