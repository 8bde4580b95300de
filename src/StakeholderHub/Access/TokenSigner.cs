using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace StakeholderHub.Access;

/// <summary>
/// Makes and checks tokens of the form <c>personId.signature</c> (a person's first link) or
/// <c>personId.generation.signature</c> (a link given again, <see cref="Person.LinkGeneration"/>), where the signature
/// is an HMAC-SHA256 of the person's id and generation under a key made at first start and kept in the data folder (on
/// PostgreSQL: in the database, the same on every node, <see cref="ServerSecrets"/>). Tokens survive restarts, cannot
/// be forged, and cannot be guessed (128 bits of signature); a link given again makes the earlier ones invalid,
/// because the store's generation no longer matches theirs (<see cref="PeopleDirectory"/>).
/// </summary>
public sealed class TokenSigner
{
    private const int SignatureBytes = 16;
    private readonly byte[] _key;

    public TokenSigner(IServerSecrets secrets)
    {
        _key = secrets.Key("token-signing.key", 32);
    }

    /// <summary>The person's link as it is now.</summary>
    public string Issue(Person person) => Issue(person.Id, person.LinkGeneration);

    public string Issue(long personId, int generation) => generation == 0
        ? $"{personId}.{WebEncoders.Base64UrlEncode(Sign(personId, 0))}"
        : $"{personId}.{generation}.{WebEncoders.Base64UrlEncode(Sign(personId, generation))}";

    public bool TryRead(string? token, out long personId, out int generation)
    {
        personId = 0;
        generation = 0;
        if (string.IsNullOrEmpty(token) || token.Length > 64)
        {
            return false;
        }

        var dot = token.IndexOf('.');
        if (dot <= 0 || !long.TryParse(token.AsSpan(0, dot), System.Globalization.NumberStyles.None, null, out var id))
        {
            return false;
        }

        var signature = dot + 1;
        var second = token.IndexOf('.', signature);
        var given = 0;
        if (second >= 0)
        {
            // A link given again: its generation, written as issued (no sign, no leading zero, above 0).
            var text = token.AsSpan(signature, second - signature);
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, null, out given) || given <= 0 || text[0] == '0')
            {
                return false;
            }

            signature = second + 1;
        }

        byte[] read;
        try
        {
            read = WebEncoders.Base64UrlDecode(token, signature, token.Length - signature);
        }
        catch (FormatException)
        {
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(read, Sign(id, given)))
        {
            return false;
        }

        personId = id;
        generation = given;
        return true;
    }

    // The first link signs the id alone, as tokens did before links could be given again, so those stay valid.
    private byte[] Sign(long personId, int generation) =>
        HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(generation == 0 ? $"person:{personId}" : $"person:{personId}:{generation}"))[..SignatureBytes];
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
