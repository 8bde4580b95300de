using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using StakeholderHub.Access;
using StakeholderHub.Badges.Credentials;
using StakeholderHub.Data;
using StakeholderHub.Board;
using StakeholderHub.Events;
using StakeholderHub.Practices;
using StakeholderHub.Privacy;
using StakeholderHub.Questions;
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
    public Task<Ack> SetRule(Person caller, BadgeRuleInput? input) =>
        writer.Change(caller.EventId, context =>
        {
            var current = BadgeRuleStore.Load(context, context.EventId);
            var rule = current.With(input);
            if (!rule.Steps.Select(step => step.Min).SequenceEqual(current.Steps.Select(step => step.Min)))
            {
                BadgeRuleStore.Save(context, rule);
                context.Emit("badge.rule", rule.View(), mergeKey: "badge.rule");
                ProgressFollower.EmitAll(context, rule);
            }
        });

    /// <summary>A participant who meets the rule claims the badge with an e-mail address.</summary>
    public Task<Claimed> Claim(Person caller, ClaimInput? input, Uri baseUrl)
    {
        var claim = Check.NotNull(input, "claim");
        var email = Check.Email(claim.Email)
            ?? throw new Refusal(RefusalCode.Invalid, "Give the e-mail address the badge is for.");
        return writer.Write(caller.EventId, context =>
        {
            if (CredentialStore.ForPerson(context, caller.Id) is { } existing)
            {
                // Never twice: a retried or repeated claim answers the badge already issued.
                return new Claimed(context.Version, existing.Summary());
            }

            var rule = BadgeRuleStore.Load(context, context.EventId);
            var counted = ProgressStore.Counted(context, context.EventId, caller.Id);
            var progress = ProgressStore.Compute(rule, caller.Id, counted, null);
            if (!progress.Eligible)
            {
                Refusal.Invalid($"Not yet: {string.Join(", ", progress.Steps.Where(step => !step.Done).Select(StepLeft))} still to do.");
            }

            // Claiming is the participant's own named act: the facilitator's copy of their progress catches up.
            ProgressReleases.Release(context, caller.Id);
            var issued = Issue(context, caller.Id, caller.Name, email, claim.Contact, "claim", baseUrl, rule, counted);
            return new Claimed(context.Version, issued.Summary());
        });
    }

    /// <summary>
    /// Issues the badge to every eligible participant who has none yet and, when joining, gave an e-mail address and
    /// agreed that it may be used for the badge; the others are counted in the answer (they can still claim it).
    /// </summary>
    public Task<IssueReport> IssueToAllEligible(Person caller, Uri baseUrl) =>
        writer.Write(caller.EventId, context =>
        {
            var rule = BadgeRuleStore.Load(context, context.EventId);
            ProgressReleases.ReleaseAllAndSend(context);
            var participants = EventStore.Participants(context, context.EventId);
            var issued = 0;
            var already = 0;
            var withoutEmail = new List<long>();
            foreach (var (id, name, email) in participants)
            {
                var counted = ProgressStore.Counted(context, context.EventId, id);
                if (!ProgressStore.Compute(rule, id, counted, null).Eligible)
                {
                    continue;
                }

                if (CredentialStore.ForPerson(context, id) is not null)
                {
                    already++;
                }
                else if (string.IsNullOrEmpty(email))
                {
                    withoutEmail.Add(id);
                }
                else
                {
                    Issue(context, id, name, email, contact: false, "facilitator", baseUrl, rule, counted);
                    issued++;
                }
            }

            return new IssueReport(context.Version, issued, already, withoutEmail);
        });

    /// <summary>Revokes a credential: its status, its badge page and its OB 2.0 assertion say so from now on.</summary>
    public Task<Ack> Revoke(Person caller, string? credentialId, string? reason)
    {
        var id = Check.Line(credentialId, "badge id", 1, 64);
        var why = Check.Line(reason, "reason", 0, 300);
        return writer.Change(caller.EventId, context =>
        {
            var credential = CredentialStore.Find(context, id);
            if (credential is null || credential.EventId != context.EventId)
            {
                throw new Refusal(RefusalCode.NotFound, $"There is no badge {id} in this session.");
            }

            if (!credential.Revoked)
            {
                CredentialStore.Revoke(context, id, why);
                context.Touch(credential.PersonId);
            }
        });
    }

    private CredentialStore.Row Issue(WriteContext context, long personId, string name, string email, bool contact, string issuedBy,
        Uri baseUrl, BadgeRule rule, IReadOnlyList<CountedInteraction> counted)
    {
        var eventId = context.EventId;
        var info = EventStore.Find(context, eventId)!;
        var urls = new BadgeUrls(baseUrl);
        var credentialId = RandomNumberGenerator.GetString(IdAlphabet, 24);
        var salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var identity = RecipientIdentity.Hash(email, salt);
        // Only the salted hash is kept (docs/privacy.md): the plain address goes nowhere unless the holder agreed to be
        // contacted with it.
        var issue = new BadgeIssue(
            credentialId,
            urls.Base,
            eventId,
            info.Title,
            info.JoinCode,
            name,
            "",
            salt,
            context.Now,
            // Anonymous questions last: between the others their place would say when they were asked.
            ProgressStore.ForRule(rule, counted).Select(row => Narrate(context, info, row)).OrderBy(item => item.DayOnly).ToList())
        {
            CriteriaNarrative = rule.Narrative(),
            StatusIndex = StatusListStore.Allocate(context, credentialId),
            RecipientHash = identity,
        };
        var credential = OpenBadgeCredential.Build(issue, urls, keys.KeyId);
        var row = new CredentialStore.Row
        {
            Id = credentialId,
            EventId = eventId,
            PersonId = personId,
            Name = name,
            Email = contact ? email : identity,
            ContactConsent = contact,
            Issue = JsonSerializer.Serialize(issue, Json.Options),
            Credential = credential.ToJsonString(),
            Jwt = VcJwt.Sign(credential, keys, urls.Key(keys.KeyId)),
            PageUrl = urls.Credential(credentialId).AbsoluteUri,
            IssuedBy = issuedBy,
            IssuedAt = context.NowMs,
        };
        CredentialStore.Insert(context, row);
        // The badge shows in the holder's progress (and the facilitator's view of it), which the followers send.
        context.Touch(personId);
        context.TakeVersion();
        return row;
    }

    /// <summary>An interaction in plain words, as the credential's evidence and the badge page say it.</summary>
    private static EvidenceItem Narrate(WriteContext context, EventInfo info, CountedInteraction row)
    {
        if (row is { Action: "asked_question", Detail: Touched.AnonymousDetail })
        {
            // Neither its text, its target nor its time: any of them would match it to the anonymous question.
            return new EvidenceItem(row.Action, "Asked a question (anonymously).", new DateTimeOffset(row.At.UtcDateTime.Date, TimeSpan.Zero))
            {
                DayOnly = true,
            };
        }

        var narrative = row.Action switch
        {
            "checked_in" => $"Checked in to the live session \"{info.Title}\".",
            "joined_proposal" => $"Joined the cooperation proposal \"{(row.SubjectId is { } proposalId ? ProposalStore.Title(context, proposalId) : null)}\""
                + (row.Detail is { Length: > 0 } intent ? $" as {Intent(intent)}." : "."),
            "asked_question" => $"Asked a question {QuestionTarget(context, row.SubjectId)}.",
            "shared_practice" => $"Shared the good practice \"{(row.SubjectId is { } practiceId ? PracticeStore.Title(context, practiceId) : null)}\" on the practice wall.",
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
        var target = QuestionStore.TargetOf(context, questionId);
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
