using System.Security.Cryptography;
using System.Text;

namespace StakeholderHub;

public sealed class HubOptions
{
    public const string Section = "Hub";

    /// <summary>The address people use to reach this server, for the printed links (default: the first address it listens on).</summary>
    public string? PublicUrl { get; set; }

    /// <summary>The issuer's contact address in the Open Badges 2.0 issuer profile (2.0 validators expect one); none by default.</summary>
    public string? IssuerEmail { get; set; }

    /// <summary>Who the controller of the participants' data is, in the deployment's words, for the join page's privacy notice.</summary>
    public string? PrivacyController { get; set; }

    /// <summary>The deployment's key for creating events; when empty, one is made at first start and kept in the data folder.</summary>
    public string? FacilitatorKey { get; set; }

    /// <summary>This node's name among several (in <c>/health</c> and the connection registry); default: host, process and a random part.</summary>
    public string? NodeName { get; set; }

    public bool AcceptsFacilitatorKey(string? given) =>
        !string.IsNullOrEmpty(FacilitatorKey) && !string.IsNullOrEmpty(given)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(FacilitatorKey));
}
