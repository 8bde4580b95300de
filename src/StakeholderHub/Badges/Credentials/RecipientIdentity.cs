using System.Security.Cryptography;
using System.Text;

namespace StakeholderHub.Badges.Credentials;

/// <summary>The recipient's hashed identity, the same in Open Badges 2.0 and 3.0.</summary>
public static class RecipientIdentity
{
    /// <summary>"sha256$" + lower-case hex(sha256(email + salt)), the e-mail trimmed and lower-cased first.</summary>
    public static string Hash(string email, string salt)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(salt);
        var normalized = email.Trim().ToLowerInvariant();
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(normalized + salt));
        return "sha256$" + Convert.ToHexStringLower(digest);
    }
}
