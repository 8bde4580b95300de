using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using StakeholderHub.Access;
using StakeholderHub.Badges.Credentials;
using StakeholderHub.Data;
using StakeholderHub.Events;
using StakeholderHub.Realtime;

namespace StakeholderHub.Badges;

/// <summary>
/// The event's badge rule, and issuing and revoking the EcoSystem Explorer badge. A person gets at most one
/// credential (the table's unique person column says so too): claiming again answers the one already issued.
/// </summary>
public sealed class BadgeService(ChangeWriter writer, SigningKeys keys)
{
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Changes the thresholds of the event's rule; everyone's progress follows at once.</summary>
    public Task<Ack> SetRule(Person caller, BadgeRuleInput? input)
    {
        caller.Require(Role.Facilitator, "change the badge rule");
        return writer.Write(context =>
        {
            var current = BadgeRule.Load(context.Connection, context.Transaction, caller.EventId);
            var rule = current.With(input);
            if (rule.Steps.Select(step => step.Min).SequenceEqual(current.Steps.Select(step => step.Min)))
            {
                return new Ack(EventStore.Version(context.Connection, context.Transaction, caller.EventId));
            }

            rule.Save(context, caller.EventId);
            context.Emit(caller.EventId, "badge.rule", rule.View(), mergeKey: "badge.rule");
            ProgressFollower.EmitAll(context, rule, caller.EventId);
            return new Ack(context.Version(caller.EventId));
        });
    }

    /// <summary>A participant who meets the rule claims the badge with an e-mail address.</summary>
    public Task<Claimed> Claim(Person caller, ClaimInput? input, Uri baseUrl)
    {
        if (caller.Role != Role.Participant)
        {
            Refusal.Forbidden("Only participants can claim the badge.");
        }

        var email = Check.Email(Check.NotNull(input, "claim").Email)
            ?? throw new Refusal(RefusalCode.Invalid, "Give the e-mail address the badge is for.");
        return writer.Write(context =>
        {
            if (CredentialStore.ForPerson(context.Connection, context.Transaction, caller.Id) is { } existing)
            {
                // Never twice: a retried or repeated claim answers the badge already issued.
                return new Claimed(EventStore.Version(context.Connection, context.Transaction, caller.EventId), existing.Summary());
            }

            var rule = BadgeRule.Load(context.Connection, context.Transaction, caller.EventId);
            var counted = ProgressStore.Counted(context.Connection, context.Transaction, caller.EventId, caller.Id);
            var progress = ProgressStore.Compute(rule, caller.Id, counted, null);
            if (!progress.Eligible)
            {
                Refusal.Invalid($"Not yet: {string.Join(", ", progress.Steps.Where(step => !step.Done).Select(StepLeft))} still to do.");
            }

            var issued = Issue(context, caller.EventId, caller.Id, caller.Name, email, "claim", baseUrl, rule, counted);
            return new Claimed(context.Version(caller.EventId), issued.Summary());
        });
    }

    /// <summary>
    /// Issues the badge to every eligible participant who has none yet and gave an e-mail address when joining; the
    /// others are counted in the answer (they can still claim it themselves).
    /// </summary>
    public Task<IssueReport> IssueToAllEligible(Person caller, Uri baseUrl)
    {
        caller.Require(Role.Facilitator, "issue badges");
        return writer.Write(context =>
        {
            var rule = BadgeRule.Load(context.Connection, context.Transaction, caller.EventId);
            var participants = context.Query<(long Id, string Name, string? Email)>(
                "SELECT id, name, email FROM people WHERE event_id = @EventId AND role = 'participant' ORDER BY id",
                new { caller.EventId }).ToList();
            var issued = 0;
            var already = 0;
            var withoutEmail = new List<long>();
            foreach (var (id, name, email) in participants)
            {
                var counted = ProgressStore.Counted(context.Connection, context.Transaction, caller.EventId, id);
                if (!ProgressStore.Compute(rule, id, counted, null).Eligible)
                {
                    continue;
                }

                if (CredentialStore.ForPerson(context.Connection, context.Transaction, id) is not null)
                {
                    already++;
                }
                else if (string.IsNullOrEmpty(email))
                {
                    withoutEmail.Add(id);
                }
                else
                {
                    Issue(context, caller.EventId, id, name, email, "facilitator", baseUrl, rule, counted);
                    issued++;
                }
            }

            var version = issued > 0 ? context.Version(caller.EventId) : EventStore.Version(context.Connection, context.Transaction, caller.EventId);
            return new IssueReport(version, issued, already, withoutEmail);
        });
    }

    /// <summary>Revokes a credential: its status, its badge page and its OB 2.0 assertion say so from now on.</summary>
    public Task<Ack> Revoke(Person caller, string? credentialId, string? reason)
    {
        caller.Require(Role.Facilitator, "revoke badges");
        var id = Check.Line(credentialId, "badge id", 1, 64);
        var why = Check.Line(reason, "reason", 0, 300);
        return writer.Write(context =>
        {
            var credential = CredentialStore.Find(context.Connection, context.Transaction, id);
            if (credential is null || credential.EventId != caller.EventId)
            {
                throw new Refusal(RefusalCode.NotFound, $"There is no badge {id} in this session.");
            }

            if (credential.Revoked)
            {
                return new Ack(EventStore.Version(context.Connection, context.Transaction, caller.EventId));
            }

            CredentialStore.Revoke(context, id, why);
            context.Touch(caller.EventId, credential.PersonId);
            return new Ack(context.Version(caller.EventId));
        });
    }

    private CredentialStore.Row Issue(WriteContext context, long eventId, long personId, string name, string email, string issuedBy,
        Uri baseUrl, BadgeRule rule, IReadOnlyList<CountedInteraction> counted)
    {
        var info = EventStore.Find(context.Connection, context.Transaction, eventId)!;
        var urls = new BadgeUrls(baseUrl);
        var credentialId = RandomNumberGenerator.GetString(IdAlphabet, 24);
        var issue = new BadgeIssue(
            credentialId,
            urls.Base,
            eventId,
            info.Title,
            info.JoinCode,
            name,
            email,
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            context.Now,
            ProgressStore.ForRule(rule, counted).Select(row => Narrate(context, info, row)).ToList())
        {
            CriteriaNarrative = rule.Narrative(),
            StatusIndex = StatusListStore.Allocate(context, credentialId),
        };
        var credential = OpenBadgeCredential.Build(issue, urls, keys.KeyId);
        var row = new CredentialStore.Row
        {
            Id = credentialId,
            EventId = eventId,
            PersonId = personId,
            Name = name,
            Email = email,
            Issue = JsonSerializer.Serialize(issue, Json.Options),
            Credential = credential.ToJsonString(),
            Jwt = VcJwt.Sign(credential, keys, urls.Key(keys.KeyId)),
            PageUrl = urls.Credential(credentialId).AbsoluteUri,
            IssuedBy = issuedBy,
            IssuedAt = context.NowMs,
        };
        CredentialStore.Insert(context, row);
        // The badge shows in the holder's progress (and the facilitator's view of it).
        context.Touch(eventId, personId);
        return row;
    }

    /// <summary>An interaction in plain words, as the credential's evidence and the badge page say it.</summary>
    private static EvidenceItem Narrate(WriteContext context, EventInfo info, CountedInteraction row)
    {
        string? Title(string sql) => row.SubjectId is { } id ? context.ExecuteScalar<string?>(sql, new { Id = id }) : null;

        var narrative = row.Action switch
        {
            "checked_in" => $"Checked in to the live session \"{info.Title}\".",
            "joined_proposal" => $"Joined the cooperation proposal \"{Title("SELECT title FROM proposals WHERE id = @Id")}\""
                + (row.Detail is { Length: > 0 } intent ? $" as {Intent(intent)}." : "."),
            "asked_question" => $"Asked a question {QuestionTarget(context, row.SubjectId)}.",
            "shared_practice" => $"Shared the good practice \"{Title("SELECT title FROM practices WHERE id = @Id")}\" on the practice wall.",
            "submitted_reflection" => "Wrote a reflection on what they take home and how their organisation could contribute.",
            _ => EcosystemExplorer.ActionName(row.Action) + ".",
        };
        return new EvidenceItem(row.Action, narrative, row.At);
    }

    private static string Intent(string intent) => intent switch
    {
        "co-applicant" => "a co-applicant",
        "observer" => "an observer",
        _ => "a partner",
    };

    private static string QuestionTarget(WriteContext context, long? questionId)
    {
        var target = context.QuerySingleOrDefault<(string Kind, string? Title)>(
            """
            SELECT q.target_kind, COALESCE(a.title, p.title)
            FROM questions q LEFT JOIN agenda_items a ON a.id = q.agenda_item_id LEFT JOIN proposals p ON p.id = q.proposal_id
            WHERE q.id = @Id
            """,
            new { Id = questionId });
        return target.Kind switch
        {
            "agenda" => $"about the presentation \"{target.Title}\"",
            "proposal" => $"about the cooperation proposal \"{target.Title}\"",
            _ => "to the room",
        };
    }

    private static string StepLeft(StepProgress step) => step.Key switch
    {
        "checked_in" => "checking in",
        "joined_proposal" => step.Required == 1 ? "joining a proposal" : $"joining {step.Required - step.Count} more proposal(s)",
        "asked_or_shared" => step.Required == 1 ? "asking a question or sharing a practice"
            : $"{step.Required - step.Count} more question(s) or practice(s)",
        "reflected" => "writing your reflection",
        _ => step.Key.ToString(CultureInfo.InvariantCulture),
    };
}
