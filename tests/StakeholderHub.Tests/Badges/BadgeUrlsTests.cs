using StakeholderHub.Badges.Credentials;

namespace StakeholderHub.Tests.Badges;

public sealed class BadgeUrlsTests
{
    [Fact]
    public void Every_url_sits_under_the_base()
    {
        var urls = new BadgeUrls(new Uri("http://127.0.0.1:5000"));
        Assert.Equal("http://127.0.0.1:5000/badges/issuer", urls.Issuer().AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5000/badges/events/3/achievement", urls.Achievement(3).AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5000/badges/image.png", urls.Image().AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5000/badges/image.svg", urls.ImageSvg().AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5000/badges/abc", urls.Credential("abc").AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5000/badges/abc/credential.jwt", urls.CredentialJwt("abc").AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5000/badges/abc/credential.json", urls.CredentialJson("abc").AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5000/badges/abc/badge.png", urls.BakedPng("abc").AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5000/badges/abc/badge.svg", urls.BakedSvg("abc").AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5000/badges/abc/status", urls.Status("abc").AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5000/.well-known/jwks.json", urls.Jwks().AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5000/ob2/issuer", urls.Ob2Issuer().AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5000/ob2/events/3/badgeclass", urls.Ob2BadgeClass(3).AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5000/ob2/assertions/abc", urls.Ob2Assertion("abc").AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5000/ob2/assertions/abc/badge.png", urls.Ob2BakedPng("abc").AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5000/ob2/assertions/abc/badge.svg", urls.Ob2BakedSvg("abc").AbsoluteUri);
    }

    [Fact]
    public void A_base_with_a_path_keeps_it_and_ids_are_escaped()
    {
        var urls = new BadgeUrls(new Uri("https://hub.example.org/antwerp?x=1"));
        Assert.Equal("https://hub.example.org/antwerp/badges/issuer", urls.Issuer().AbsoluteUri);
        Assert.Equal("https://hub.example.org/antwerp/badges/a%2Fb", urls.Credential("a/b").AbsoluteUri);
        Assert.Throws<ArgumentException>(() => new BadgeUrls(new Uri("ftp://hub.example.org/")));
    }
}
