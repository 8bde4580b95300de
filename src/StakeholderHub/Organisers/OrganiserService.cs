using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using StakeholderHub.Access;
using StakeholderHub.Agenda;
using StakeholderHub.Data;
using StakeholderHub.Events;
using StakeholderHub.Realtime;

namespace StakeholderHub.Organisers;

/// <summary>
/// Organiser accounts (passwords hashed by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>), their
/// invitations, and what an organiser does with their own events: create (from a template or a past event),
/// list, get the facilitator link, archive and delete. An organiser never sees another's events.
/// </summary>
public sealed class OrganiserService(Database database, EventService events, ChangeWriter writer,
    TimeProvider clock, IOptions<OrganiserOptions> options) : IDisposable
{
    public const string PastEventPrefix = "event:";

    private static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);
    private readonly PasswordHasher<Organiser> _hasher = new();

    /// <summary>Wrong passwords per address, on top of the sign-in endpoint's limit per client address.</summary>
    private readonly PartitionedRateLimiter<string> _perEmail = PartitionedRateLimiter.Create<string, string>(email =>
        RateLimitPartition.GetFixedWindowLimiter(email, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.Value.SignInAttemptsPerEmail),
            Window = TimeSpan.FromMinutes(Math.Max(1, options.Value.SignInWindowMinutes)),
            QueueLimit = 0,
        }));

    public static string NormaliseEmail(string? email) =>
        Check.Email(email)?.ToLowerInvariant() ?? throw new Refusal(RefusalCode.Invalid, "Give the organiser's e-mail address.");

    public async Task<Organiser> Add(NewOrganiserInput? input)
    {
        input = Check.NotNull(input, "organiser");
        var email = NormaliseEmail(input.Email);
        var name = Check.Line(input.Name, "name", 1, 80);
        var hash = _hasher.HashPassword(null!, CheckPassword(input.Password));
        await using var connection = database.Open();
        var id = OrganiserStore.Insert(connection, null, email, name, hash, clock.GetUtcNow().ToUnixTimeMilliseconds())
            ?? throw new Refusal(RefusalCode.Invalid, $"There is already an organiser with the address {email}.");
        return new Organiser(id, email, name);
    }

    /// <summary>The organiser whose address and password these are; a wrong password costs the address one of its attempts.</summary>
    public Organiser SignIn(SignInInput? input)
    {
        input = Check.NotNull(input, "sign-in form");
        var email = (input.Email ?? "").Trim().ToLowerInvariant();
        // Only wrong passwords use up the address's attempts; once they are used up, the right one waits too.
        if (_perEmail.GetStatistics(email) is { CurrentAvailablePermits: <= 0 })
        {
            throw new Refusal(RefusalCode.RateLimited, "Too many sign-in attempts. Wait a few minutes and try again.");
        }

        OrganiserStore.AccountRow? account;
        using (var sql = database.Read())
        {
            account = OrganiserStore.ByEmail(sql, email);
        }

        var result = account?.PasswordHash is { } hash && input.Password is { Length: > 0 } password
            ? _hasher.VerifyHashedPassword(account.View(), hash, password)
            : PasswordVerificationResult.Failed;
        if (result == PasswordVerificationResult.Failed || account is null)
        {
            using var lease = _perEmail.AttemptAcquire(email);
            Refusal.Unauthorized("The e-mail address or the password is wrong.");
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            using var connection = database.Open();
            OrganiserStore.SetPasswordHash(connection, account.Id, _hasher.HashPassword(account.View(), input.Password!));
        }

        return account.View();
    }

    public Organiser? Find(long id)
    {
        using var sql = database.Read();
        return OrganiserStore.ById(sql, id)?.View();
    }

    public Organiser? FindByEmail(string? email)
    {
        using var sql = database.Read();
        return OrganiserStore.ByEmail(sql, (email ?? "").Trim().ToLowerInvariant())?.View();
    }

    /// <summary>A one-time invitation: the token travels in the link's fragment, the store keeps its SHA-256 only.</summary>
    public Invitation Invite(Organiser caller, InvitationInput? input, Links links)
    {
        input = Check.NotNull(input, "invitation");
        var email = NormaliseEmail(input.Email);
        using (var sql = database.Read())
        {
            if (OrganiserStore.ByEmail(sql, email) is not null)
            {
                throw new Refusal(RefusalCode.Invalid, $"There is already an organiser with the address {email}.");
            }
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var expires = now + InvitationLifetime;
        using (var connection = database.Open())
        {
            OrganiserStore.InsertInvitation(connection, Hash(token), email, caller.Id, now.ToUnixTimeMilliseconds(), expires.ToUnixTimeMilliseconds());
        }

        return new Invitation(email, links.Organiser($"invitation={token}"), expires);
    }

    public InvitationView Invitation(string? token)
    {
        var row = OpenInvitation(token);
        return new InvitationView(row.Email, row.InvitedBy, DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAt));
    }

    /// <summary>The invitee becomes an organiser with the name and password they chose; the invitation is used up.</summary>
    public Organiser Accept(AcceptInvitationInput? input)
    {
        input = Check.NotNull(input, "invitation");
        var row = OpenInvitation(input.Token);
        var name = Check.Line(input.Name, "name", 1, 80);
        var email = row.Email;
        var hash = _hasher.HashPassword(null!, CheckPassword(input.Password));
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var id = OrganiserStore.Insert(connection, transaction, email, name, hash, now)
            ?? throw new Refusal(RefusalCode.Invalid, $"There is already an organiser with the address {email}.");
        if (!OrganiserStore.UseInvitation(connection, transaction, row.Id, id, now))
        {
            Refusal.NotFound("This invitation is not valid any more: it was used or it expired. Ask for a new one.");
        }

        transaction.Commit();
        return new Organiser(id, email, name);
    }

    public OrganiserEvents Events(Organiser caller)
    {
        using var sql = database.Read();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var rows = OrganiserStore.Events(sql, caller.Id);
        OrganiserEvent View(OrganiserStore.EventRow row) => new(row.Id, row.Title, row.JoinCode, Group(row, now),
            row.StartsAt is { } starts ? DateTimeOffset.FromUnixTimeMilliseconds(starts) : null,
            DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt), row.CheckedIn);
        var all = rows.Select(View).ToList();
        return new OrganiserEvents(
            [.. all.Where(e => e.Group == "upcoming").OrderBy(e => e.StartsAt)],
            [.. all.Where(e => e.Group == "live")],
            [.. all.Where(e => e.Group == "closed")],
            [.. all.Where(e => e.Group == "archived")]);
    }

    private static string Group(OrganiserStore.EventRow row, long now) =>
        row.ArchivedAt is not null ? "archived"
        : row.ClosedAt is not null ? "closed"
        : row.StartsAt is { } starts && starts > now ? "upcoming"
        : "live";

    /// <summary>
    /// Creates an event owned by the caller: from a built-in template, or as a copy of one of their past events (its
    /// agenda with pitches, its proposals' skeletons and its badge rule; nothing of its people).
    /// </summary>
    public async Task<EventService.Created> Create(Organiser caller, OrganiserEventInput? input)
    {
        input = Check.NotNull(input, "event");
        var template = (input.Template ?? "").Trim();
        long? pastId = null;
        EventTemplates.Template builtIn;
        if (template.StartsWith(PastEventPrefix, StringComparison.Ordinal))
        {
            pastId = long.TryParse(template[PastEventPrefix.Length..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                ? id : -1;
            EnsureOwned(caller, pastId.Value);
            builtIn = new EventTemplates.Template("", []);
        }
        else
        {
            builtIn = EventTemplates.Load(template);
        }

        var title = Check.Line(string.IsNullOrWhiteSpace(input.Title) ? builtIn.Title : input.Title, "title", 1, 120);
        var agenda = builtIn.Agenda.Select(item => item.Checked()).ToList();
        return await events.Create(title, agenda, (context, facilitator) =>
        {
            OrganiserStore.SetOwner(context, caller.Id);
            if (input.StartsAt is { } startsAt)
            {
                AgendaStore.SetSchedule(context, startsAt, null);
            }

            if (pastId is { } from)
            {
                EventCopy.Copy(context, from, facilitator.Id);
            }
        });
    }

    /// <summary>The facilitator and projector links of one of the caller's events, made the way <c>POST /api/events</c> makes them.</summary>
    public EventService.Created Staff(Organiser caller, long eventId)
    {
        EnsureOwned(caller, eventId);
        return events.Staff(eventId);
    }

    public Task<Ack> Archive(Organiser caller, long eventId, bool archived)
    {
        EnsureOwned(caller, eventId);
        return writer.Change(eventId, context => OrganiserStore.SetArchived(context, archived ? context.NowMs : null));
    }

    /// <summary>Deletes the event and everything of it from the store; its links stop working.</summary>
    public async Task Delete(Organiser caller, long eventId)
    {
        EnsureOwned(caller, eventId);
        // Everyone's links stop with the commit, on every node, and their open connections close (EventDeletion.Delete).
        await writer.Write(eventId, EventDeletion.Delete);
        database.Dialect.Compact(EventDeletion.Touched);
    }

    private void EnsureOwned(Organiser caller, long eventId)
    {
        using var sql = database.Read();
        if (!OrganiserStore.Owns(sql, caller.Id, eventId))
        {
            // The same answer whether the event is another organiser's or does not exist.
            throw new Refusal(RefusalCode.NotFound, $"There is no event {eventId}.");
        }
    }

    private OrganiserStore.InvitationRow OpenInvitation(string? token)
    {
        OrganiserStore.InvitationRow? row;
        using (var sql = database.Read())
        {
            row = string.IsNullOrWhiteSpace(token) ? null : OrganiserStore.Invitation(sql, Hash(token.Trim()));
        }

        if (row is null || row.UsedAt is not null || row.ExpiresAt <= clock.GetUtcNow().ToUnixTimeMilliseconds())
        {
            Refusal.NotFound("This invitation is not valid any more: it was used or it expired. Ask for a new one.");
        }

        return row;
    }

    private static string CheckPassword(string? password)
    {
        if (password is null || password.Length < 10)
        {
            Refusal.Invalid("The password needs at least 10 characters.");
        }

        if (password.Length > 200)
        {
            Refusal.Invalid("The password can have at most 200 characters.");
        }

        return password;
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(bytes);

    public void Dispose() => _perEmail.Dispose();
}
