namespace StakeholderHub.Organisers;

/// <summary>The organiser console's settings (section <c>Organisers</c>, docs/deploy.md).</summary>
public sealed class OrganiserOptions
{
    public const string Section = "Organisers";

    /// <summary>Sign-in requests one client address may make in a window (right or wrong).</summary>
    public int SignInAttemptsPerAddress { get; set; } = 20;

    /// <summary>Wrong passwords one e-mail address may be given in a window, from any client address.</summary>
    public int SignInAttemptsPerEmail { get; set; } = 5;

    public int SignInWindowMinutes { get; set; } = 15;

    /// <summary>How long a sign-in lasts without use (the cookie slides while the console is used).</summary>
    public int SessionHours { get; set; } = 12;

    public OpenIdConnectSettings OpenIdConnect { get; set; } = new();

    /// <summary>Sign-in with the organisation's identity provider, off unless <see cref="Authority"/> and <see cref="ClientId"/> are set.</summary>
    public sealed class OpenIdConnectSettings
    {
        public string? Authority { get; set; }

        public string? ClientId { get; set; }

        public string? ClientSecret { get; set; }

        /// <summary>The claim that holds the e-mail address an organiser account is found by.</summary>
        public string EmailClaim { get; set; } = "email";

        /// <summary>The button's words on the sign-in page (e.g. "Sign in with Contoso"); the console's own words when empty.</summary>
        public string? DisplayName { get; set; }

        public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
    }
}
