using System.Security.Cryptography;
using System.Text;
using StakeholderHub.Badges.Credentials;

namespace StakeholderHub.Tests.Badges;

public sealed class RecipientIdentityTests
{
    /// <summary>The hash written out by hand: sha256 over the e-mail as given (trimmed of white space) followed by the salt.</summary>
    internal static string Expected(string email, string salt)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim() + salt));
        return "sha256$" + string.Concat(bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void The_identity_is_the_salted_sha256_of_the_email_as_given()
    {
        Assert.Equal(Expected("Ana.Peeters@Example.org", "k3Yw9-pQ"), RecipientIdentity.Hash("  Ana.Peeters@Example.org ", "k3Yw9-pQ"));
        // A known value: sha256("a@b.c" + "s").
        Assert.Equal("sha256$" + Convert.ToHexStringLower(SHA256.HashData("a@b.cs"u8.ToArray())), RecipientIdentity.Hash("a@b.c", "s"));
        Assert.NotEqual(RecipientIdentity.Hash("a@b.c", "s1"), RecipientIdentity.Hash("a@b.c", "s2"));
    }

    [Fact]
    public void The_hash_matches_the_example_of_the_OB_3_0_IdentityHash_that_section_9_3_verifies_with()
    {
        // OB 3.0, IdentityHash: "'sha256$b5809d8a…ef399' represents the result of calculating a SHA-256 hash on the
        // string 'a@example.comKosher'", the e-mail 'a@example.com' salted with 'Kosher'.
        Assert.Equal("sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399", RecipientIdentity.Hash("a@example.com", "Kosher"));
    }

    [Fact]
    public void The_case_of_the_address_is_kept_so_a_verifier_holding_the_address_as_given_finds_a_match()
    {
        var hash = RecipientIdentity.Hash("Ana.Peeters@Example.org", "salt");

        Assert.Equal("sha256$" + Convert.ToHexStringLower(SHA256.HashData("Ana.Peeters@Example.orgsalt"u8.ToArray())), hash);
        Assert.NotEqual(RecipientIdentity.Hash("ana.peeters@example.org", "salt"), hash);
    }
}
