using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace StakeholderHub.Access;

/// <summary>
/// Makes and checks tokens of the form <c>personId.signature</c>, where the signature is an HMAC-SHA256 of the
/// person's id under a key made at first start and kept in the data folder (on PostgreSQL: in the database, the same
/// on every node, <see cref="ServerSecrets"/>). Tokens survive restarts, cannot be forged, and cannot be guessed (128
/// bits of signature).
/// </summary>
public sealed class TokenSigner
{
    private const int SignatureBytes = 16;
    private readonly byte[] _key;

    public TokenSigner(IServerSecrets secrets)
    {
        _key = secrets.Key("token-signing.key", 32);
    }

    public string Issue(long personId) => $"{personId}.{WebEncoders.Base64UrlEncode(Sign(personId))}";

    public bool TryRead(string? token, out long personId)
    {
        personId = 0;
        if (string.IsNullOrEmpty(token) || token.Length > 64)
        {
            return false;
        }

        var dot = token.IndexOf('.');
        if (dot <= 0 || !long.TryParse(token.AsSpan(0, dot), System.Globalization.NumberStyles.None, null, out var id))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = WebEncoders.Base64UrlDecode(token, dot + 1, token.Length - dot - 1);
        }
        catch (FormatException)
        {
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(given, Sign(id)))
        {
            return false;
        }

        personId = id;
        return true;
    }

    private byte[] Sign(long personId) =>
        HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes($"person:{personId}"))[..SignatureBytes];
}

/// <summary>Random secrets kept as files in the data folder, made once and readable only by the owner.</summary>
public static class Secrets
{
    public static byte[] ReadOrCreate(string folder, string fileName, int bytes)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, fileName);
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        var secret = RandomNumberGenerator.GetBytes(bytes);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, Convert.ToBase64String(secret));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: false);
        return secret;
    }
}
