using System.Security.Cryptography;
using System.Text;

namespace StakeholderHub.Badges.Credentials;

/// <summary>The recipient's hashed identity, the same in Open Badges 2.0 and 3.0.</summary>
public static class RecipientIdentity
{
    /// <summary>
    /// "sha256$" + lower-case hex(sha256(UTF-8(email + salt))) over the address as the person gave it (OB 3.0 IdentityHash,
    /// used by §9.3 "Verify the Recipient Using an Identifier": the spec's example hashes "a@example.com" salted with
    /// "Kosher"). Its case is kept: a verifier hashes the address it holds exactly as it holds it, and the local part of
    /// an address may be case-sensitive. Only white space around it goes, which is no part of any address.
    /// </summary>
    public static string Hash(string email, string salt)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(salt);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim() + salt));
        return "sha256$" + Convert.ToHexStringLower(digest);
    }
}
