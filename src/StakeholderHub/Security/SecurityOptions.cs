namespace StakeholderHub.Security;

public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// The sites that may show the projector page in a frame (CSP <c>frame-ancestors</c> sources, space-separated,
    /// e.g. "https://intranet.example.org"); none by default. Every other page may be framed by no site at all.
    /// </summary>
    public string? ProjectorFrameAncestors { get; set; }

    /// <summary>
    /// The proxies whose <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> are believed (comma-separated
    /// addresses). With neither this nor <see cref="KnownNetworks"/> set: loopback only (nginx on the same machine).
    /// </summary>
    public string? KnownProxies { get; set; }

    /// <summary>The networks whose proxies are believed (comma-separated CIDR, e.g. "10.0.0.0/8").</summary>
    public string? KnownNetworks { get; set; }

    /// <summary>How many joins one client address may make at once (a room behind one Wi-Fi router joins from one address).</summary>
    public int JoinBurst { get; set; } = 100;

    /// <summary>How many joins a minute one client address's budget refills.</summary>
    public int JoinsPerMinute { get; set; } = 60;

    /// <summary>The largest request body the HTTP API takes: the largest valid request (a join with every field full) is under 8 KB.</summary>
    public long MaxApiBodyBytes { get; set; } = 16 * 1024;
}
