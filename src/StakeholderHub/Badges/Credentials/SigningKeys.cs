using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace StakeholderHub.Badges.Credentials;

/// <summary>
/// The issuer's badge-signing key: RSA 2048 for RS256, the one algorithm every Open Badges 3.0 verifier must
/// support (OB 3.0 §8.2.3: "MUST be RS256 as a minimum"). Made once at first start in the data folder
/// (<c>&lt;data&gt;/keys/badge-signing.json</c>, a private JWK, mode 0600 on Unix), never in the repository. On
/// PostgreSQL the same JWK is one row of <c>server_secrets</c> instead, so every node signs with the same key and
/// publishes the same key set.
/// </summary>
public sealed class SigningKeys
{
    public const string Algorithm = "RS256";
    public const string FileName = "badge-signing.json";
    private const int KeySizeBits = 2048;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly RSAParameters _private;
    private readonly RSAParameters _public;

    private SigningKeys(RSAParameters privateParameters, string location)
    {
        _private = privateParameters;
        _public = new RSAParameters { Modulus = privateParameters.Modulus, Exponent = privateParameters.Exponent };
        KeyId = Thumbprint(_public);
        Location = location;
    }

    /// <summary>The key id: the RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key.</summary>
    public string KeyId { get; }

    /// <summary>Where the private key lives: its file, or on PostgreSQL <c>server_secrets/badge-signing.json</c>.</summary>
    public string Location { get; }

    /// <summary>Loads the key from <c>&lt;dataFolder&gt;/keys/</c>, making it first if there is none. Safe when several processes start at once: the first file to land wins and everyone reads that one.</summary>
    public static SigningKeys LoadOrCreate(string dataFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataFolder);
        var folder = Path.Combine(Path.GetFullPath(dataFolder), "keys");
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            Create(folder, path);
        }

        return Load(path);
    }

    /// <summary>A new key as the JWK text that <see cref="FromJwk"/> reads: what a node offers when the nodes share none yet.</summary>
    public static string NewJwkText() => NewJwk().ToJsonString(Indented);

    /// <summary>
    /// The published key set: {"keys":[public JWK with kid, use "sig", alg]}. The hub publishes it with
    /// <paramref name="kid"/> = the key's URL, the very string its JWT headers carry, so a verifier that picks the key by
    /// <c>kid</c> (RFC 7515 §4.1.4) finds it; without one, the kid is the thumbprint.
    /// </summary>
    public JsonObject Jwks(string? kid = null) => new() { ["keys"] = new JsonArray(PublicJwk(kid)) };

    /// <summary>The public key as a JWK (never with private members), named <paramref name="kid"/> or else by its thumbprint.</summary>
    public JsonObject PublicJwk(string? kid = null) => new()
    {
        ["kty"] = "RSA",
        ["use"] = "sig",
        ["alg"] = Algorithm,
        ["kid"] = kid ?? KeyId,
        ["n"] = Base64Url.EncodeToString(_public.Modulus),
        ["e"] = Base64Url.EncodeToString(_public.Exponent),
    };

    /// <summary>The RFC 7638 thumbprint of an RSA public JWK given as modulus and exponent.</summary>
    public static string Thumbprint(RSAParameters publicKey)
    {
        // The required members in lexicographic order, no whitespace (RFC 7638 §3.2).
        var canonical = "{\"e\":\"" + Base64Url.EncodeToString(publicKey.Exponent) + "\",\"kty\":\"RSA\",\"n\":\""
            + Base64Url.EncodeToString(publicKey.Modulus) + "\"}";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The private key for signing with Microsoft.IdentityModel, named <paramref name="kid"/> in the JWS header when given.</summary>
    internal SigningCredentials SigningCredentials(string? kid) =>
        new(new RsaSecurityKey(_private) { KeyId = kid }, SecurityAlgorithms.RsaSha256);

    /// <summary>The public key for verifying with Microsoft.IdentityModel.</summary>
    internal SecurityKey PublicKey => new RsaSecurityKey(_public) { KeyId = KeyId };

    private static void Create(string folder, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var jwk = NewJwk();

        // Written whole under a temporary name with owner-only rights from the start, then moved into place
        // without overwriting: a concurrent start that got there first keeps its key, and this one is dropped.
        var temp = Path.Combine(folder, $".{FileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(jwk.ToJsonString(Indented)));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process made the key first: use theirs.
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>A new private key as a JWK.</summary>
    private static JsonObject NewJwk()
    {
        using var rsa = RSA.Create(KeySizeBits);
        var p = rsa.ExportParameters(includePrivateParameters: true);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["alg"] = Algorithm,
            ["use"] = "sig",
            ["kid"] = Thumbprint(p),
            ["created"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["n"] = Base64Url.EncodeToString(p.Modulus),
            ["e"] = Base64Url.EncodeToString(p.Exponent),
            ["d"] = Base64Url.EncodeToString(p.D),
            ["p"] = Base64Url.EncodeToString(p.P),
            ["q"] = Base64Url.EncodeToString(p.Q),
            ["dp"] = Base64Url.EncodeToString(p.DP),
            ["dq"] = Base64Url.EncodeToString(p.DQ),
            ["qi"] = Base64Url.EncodeToString(p.InverseQ),
        };
    }

    private static SigningKeys Load(string path) => FromJwk(File.ReadAllText(path), path);

    public static SigningKeys FromJwk(string text, string path)
    {
        var jwk = JsonNode.Parse(text) as JsonObject
            ?? throw new InvalidDataException($"{path} is not a JSON object.");

        byte[] Member(string name) =>
            Base64Url.DecodeFromChars((jwk[name]?.GetValue<string>() ?? throw new InvalidDataException($"{path} has no \"{name}\".")).AsSpan());

        if (jwk["kty"]?.GetValue<string>() != "RSA")
        {
            throw new InvalidDataException($"{path} is not an RSA key.");
        }

        var parameters = new RSAParameters
        {
            Modulus = Member("n"),
            Exponent = Member("e"),
            D = Member("d"),
            P = Member("p"),
            Q = Member("q"),
            DP = Member("dp"),
            DQ = Member("dq"),
            InverseQ = Member("qi"),
        };
        return new SigningKeys(parameters, path);
    }
}
