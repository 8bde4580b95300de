namespace StakeholderHub.Organisers;

/// <summary>An organiser's account as the console shows it (never the password hash).</summary>
public sealed record Organiser(long Id, string Email, string Name);

public sealed record SignInInput(string? Email, string? Password);

public sealed record NewOrganiserInput(string? Email, string? Name, string? Password);

public sealed record AcceptInvitationInput(string? Token, string? Name, string? Password);

/// <param name="Template">"antwerp-afternoon", "empty", or "event:ID" (one of the organiser's own past events).</param>
public sealed record OrganiserEventInput(string? Title, string? Template, DateTimeOffset? StartsAt);

/// <summary>One of the organiser's events in the console's lists.</summary>
public sealed record OrganiserEvent(long Id, string Title, string JoinCode, string Group, DateTimeOffset? StartsAt, DateTimeOffset CreatedAt,
    long CheckedIn);

/// <summary>The console's lists: the organiser's events, grouped.</summary>
public sealed record OrganiserEvents(
    IReadOnlyList<OrganiserEvent> Upcoming,
    IReadOnlyList<OrganiserEvent> Live,
    IReadOnlyList<OrganiserEvent> Closed,
    IReadOnlyList<OrganiserEvent> Archived);

public sealed record InvitationInput(string? Email);

public sealed record Invitation(string Email, string Link, DateTimeOffset ExpiresAt);

public sealed record InvitationView(string Email, string InvitedBy, DateTimeOffset ExpiresAt);

/// <summary>What the console page needs before anyone signs in.</summary>
public sealed record ConsoleOptions(bool OpenIdConnect, string? OpenIdConnectName);

public sealed record InvitationTokenInput(string? Token);
