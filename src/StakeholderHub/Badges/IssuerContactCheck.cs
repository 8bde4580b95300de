using Microsoft.Extensions.Options;

namespace StakeholderHub.Badges;

/// <summary>
/// Says at start when <c>Hub:IssuerEmail</c> is missing: the Open Badges 2.0 issuer profile then has no <c>email</c>,
/// which the 2.0 validator requires, so every OB 2.0 badge of this hub fails it. The hub invents no address.
/// </summary>
public sealed class IssuerContactCheck(IOptions<HubOptions> options, ILogger<IssuerContactCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.IssuerEmail))
        {
            logger.LogWarning(
                "Hub:IssuerEmail is not set, so the Open Badges 2.0 issuer profile (/ob2/issuer) has no email, which the "
                + "Open Badges 2.0 validator requires: its badges fail 2.0 validation. Set Hub:IssuerEmail to the organiser's contact address");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
