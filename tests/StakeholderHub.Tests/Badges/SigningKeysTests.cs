using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using StakeholderHub.Badges.Credentials;

namespace StakeholderHub.Tests.Badges;

public sealed class SigningKeysTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("badge-keys-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_key_is_made_once_in_the_given_folder_and_reloads_with_the_same_kid()
    {
        var path = Path.Combine(_folder, "keys", "badge-signing.json");
        Assert.False(File.Exists(path));

        var first = SigningKeys.LoadOrCreate(_folder);
        var bytes = File.ReadAllBytes(path);
        var second = SigningKeys.LoadOrCreate(_folder);

        Assert.Equal(path, first.Location);
        Assert.StartsWith(Path.GetFullPath(_folder), first.Location, StringComparison.Ordinal);
        Assert.Equal(first.KeyId, second.KeyId);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Equal(first.Jwks().ToJsonString(), second.Jwks().ToJsonString());
        Assert.True(VcJwt.Verify(VcJwt.Sign(BadgeSamples.Credential(), first), second).Valid);
    }

    [Fact]
    public void The_private_key_file_is_readable_by_its_owner_only()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var keys = SigningKeys.LoadOrCreate(_folder);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keys.Location));
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Path.GetDirectoryName(keys.Location)!) & (UnixFileMode.OtherRead | UnixFileMode.GroupRead | UnixFileMode.OtherWrite | UnixFileMode.GroupWrite));
    }

    [Fact]
    public async Task Starts_at_the_same_time_end_with_one_key()
    {
        var kids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => SigningKeys.LoadOrCreate(_folder).KeyId)));

        Assert.Single(kids.Distinct());
        Assert.Equal(["badge-signing.json"], Directory.GetFiles(Path.Combine(_folder, "keys")).Select(Path.GetFileName));
    }

    [Fact]
    public void The_jwks_publishes_the_public_key_only_with_its_thumbprint_kid()
    {
        var keys = SigningKeys.LoadOrCreate(_folder);
        var jwk = Assert.Single(keys.Jwks()["keys"]!.AsArray())!.AsObject();

        Assert.Equal(["kty", "use", "alg", "kid", "n", "e"], jwk.Select(p => p.Key));
        Assert.Equal("RSA", jwk["kty"]!.GetValue<string>());
        Assert.Equal("sig", jwk["use"]!.GetValue<string>());
        Assert.Equal("RS256", jwk["alg"]!.GetValue<string>());
        Assert.Equal(keys.KeyId, jwk["kid"]!.GetValue<string>());

        var independent = new JsonWebKey(jwk.ToJsonString());
        Assert.Equal(2048, independent.KeySize);
        Assert.False(independent.HasPrivateKey);
        Assert.Equal(keys.KeyId, Base64UrlEncoder.Encode(independent.ComputeJwkThumbprint()));
        Assert.Contains("\"d\"", File.ReadAllText(keys.Location));
    }

    [Fact]
    public void A_damaged_key_file_is_an_error_rather_than_a_new_key()
    {
        var keys = SigningKeys.LoadOrCreate(_folder);
        File.WriteAllText(keys.Location, JsonNode.Parse("""{"kty":"EC"}""")!.ToJsonString());
        Assert.Throws<InvalidDataException>(() => SigningKeys.LoadOrCreate(_folder));
    }
}
