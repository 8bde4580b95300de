using System.Text.Json;
using StakeholderHub.Access;
using StakeholderHub.ContentFilter;
using StakeholderHub.Badges;
using StakeholderHub.Badges.Credentials;
using StakeholderHub.Board;
using StakeholderHub.Data;
using StakeholderHub.Events;
using StakeholderHub.Matchmaking;
using StakeholderHub.Polls;
using StakeholderHub.Practices;
using StakeholderHub.Questions;
using StakeholderHub.Realtime;

namespace StakeholderHub.Privacy;

/// <summary>
/// A person's own data: all of it to see and download, consent to withdraw, and erasure (by the person, or the
/// facilitator removing them). Erasing goes through the writer like every change, so the room sees what they wrote
/// disappear live; afterwards the files are compacted so that the erased text leaves them (docs/privacy.md).
/// </summary>
public sealed class PrivacyService(ChangeWriter writer, Database database, SigningKeys keys)
{
    /// <summary>Everything the hub holds about the person, as they download it.</summary>
    public MyData Export(Person caller)
    {
        using var sql = database.Read();
        var person = PrivacyStore.Person(sql, caller.EventId, caller.Id)!;
        var credential = CredentialStore.ForPerson(sql, caller.Id);
        var rule = BadgeRuleStore.Load(sql, caller.EventId);
        return new MyData(
            new MyProfile(person.Id, person.Role, person.Name, person.Organisation, person.Country, person.Email, person.BadgeEmailConsent == 1,
                Time(person.CreatedAt)),
            PrivacyStore.Questions(sql, caller.Id).Select(q => new MyQuestion(q.Id, q.Text, q.Anonymous == 1, q.Status, q.Upvotes, Time(q.CreatedAt))).ToList(),
            PrivacyStore.ProposalVotes(sql, caller.Id),
            PrivacyStore.QuestionVotes(sql, caller.Id),
            PrivacyStore.Memberships(sql, caller.Id)
                .Select(m => new MyMembership(m.ProposalId, ProposalStore.Title(sql, m.ProposalId), m.Intent, m.Note, m.ShareContact == 1, m.ContactEmail, Time(m.JoinedAt),
                    m.SharePartners == 1, m.PartnersEmail))
                .ToList(),
            PrivacyStore.Practices(sql, caller.Id).Select(p => new MyPractice(p.Id, p.Title, p.Text, p.Hidden == 1, Time(p.CreatedAt))).ToList(),
            PrivacyStore.Reflection(sql, caller.Id) is { } reflection ? new Reflection(reflection.TakeHome, reflection.Contribute, Time(reflection.UpdatedAt)) : null,
            PrivacyStore.Evidence(sql, caller.Id).Select(e => new MyEvidence(e.Action, e.SubjectKind, e.SubjectId, e.Detail, Time(e.CreatedAt))).ToList(),
            caller.Role == Role.Participant ? ProgressStore.Load(sql, rule, caller.EventId, caller.Id) : null,
            credential is null ? null : new MyBadge(credential.Summary(), credential.ContactEmail, credential.ContactConsent),
            MatchmakingStore.OwnerContact(sql, caller.Id));
    }

    /// <summary>
    /// Deletes a question the caller asked: the room sees it go. The evidence that they asked stays (the interaction
    /// happened), so their badge progress does not change and nothing about them goes to anyone else.
    /// </summary>
    public Task<Ack> DeleteQuestion(Person caller, long questionId) =>
        writer.Change(caller.EventId, context =>
        {
            var question = QuestionStore.Find(context, context.EventId, questionId);
            if (question is null || question.PersonId != caller.Id)
            {
                throw new Refusal(RefusalCode.NotFound, $"You have no question {questionId} in this session.");
            }

            var onScreen = QuestionStore.Screen(context, context.EventId).QuestionId == questionId;
            PrivacyStore.DeleteQuestion(context, questionId);
            PrivacyStore.ScrubChanges(context, "", "", [], [question.Text]);
            context.Emit("question.removed", new QuestionRemoved(questionId),
                question.Status == "published" ? Audience.Everyone : Audience.Moderation, mergeKey: $"question:{questionId}");
            if (onScreen)
            {
                context.Emit("screen", new Screen(null), mergeKey: "screen");
            }

            MineStore.EmitQuestion(context, caller.Id, questionId);
        });

    /// <summary>Withdraws every consent to use an address for the badge: the stored badge address becomes its hash.</summary>
    public Task<Ack> WithdrawConsent(Person caller) =>
        writer.Change(caller.EventId, context =>
        {
            PrivacyStore.WithdrawBadgeEmail(context, caller.Id);
            if (CredentialStore.ForPerson(context, caller.Id) is { ContactConsent: true } credential)
            {
                var issue = JsonSerializer.Deserialize<BadgeIssue>(credential.Issue, Json.Options)!;
                PrivacyStore.WithdrawContact(context, credential.Id, issue.Identity());
            }
        });

    /// <summary>
    /// Erases a participant or stakeholder of the event: what they wrote goes (the room is told), their upvotes and
    /// memberships go (the counts follow), their row keeps only the pseudonym the evidence points to, the stored
    /// changes lose their name and texts, and their credential is signed again without their name (or revoked).
    /// </summary>
    public async Task<Ack> Erase(long eventId, long personId, bool revokeBadge)
    {
        var ack = await writer.Change(eventId, context => EraseIn(context, personId, revokeBadge));
        database.Dialect.Compact(PrivacyStore.Touched);
        return ack;
    }

    /// <summary>The erase of one person inside a change (the person's own, the facilitator's, or an event's purge); false when they were erased already.</summary>
    private bool EraseIn(WriteContext context, long personId, bool revokeBadge)
    {
        var person = PrivacyStore.Person(context, context.EventId, personId);
        if (person is null || person.Role is not ("participant" or "stakeholder"))
        {
            throw new Refusal(RefusalCode.NotFound, $"There is no participant or stakeholder {personId} in this session.");
        }

        if (person.ErasedAt is not null)
        {
            return false;
        }

        var questions = PrivacyStore.Questions(context, personId);
        var practices = PrivacyStore.Practices(context, personId);
        var memberships = PrivacyStore.Memberships(context, personId);
        var reflection = PrivacyStore.Reflection(context, personId);
        var credential = CredentialStore.ForPerson(context, personId);
        var emails = new[] { person.Email, credential?.ContactEmail }.Concat(memberships.Select(m => m.ContactEmail))
            .OfType<string>().Where(email => email.Length > 0).ToList();
        var texts = questions.Select(q => q.Text)
            .Concat(practices.SelectMany(p => new[] { p.Title, p.Text }))
            .Concat(memberships.Select(m => m.Note))
            .Concat(reflection is null ? [] : [reflection.TakeHome, reflection.Contribute])
            .Where(text => text.Length > 0).ToList();

        // Their fellow-partner addresses, their contact as an owner and the updates they posted go too.
        var matchmaking = MatchmakingStore.Of(context, context.EventId, personId);
        emails.AddRange(matchmaking.Emails);
        texts.AddRange(matchmaking.Texts.Where(text => text.Length > 0));

        // First the row, so that every entry sent from here on already says (erased); their links stop on every node.
        PrivacyStore.ScrubPerson(context, personId);
        context.Revoke(personId);
        foreach (var proposalId in PrivacyStore.ProposalVotes(context, personId))
        {
            if (ProposalStore.RemoveVote(context, proposalId, personId) is { } counts)
            {
                context.Emit("proposal.counts", counts, mergeKey: $"proposal:{counts.Id}:counts");
            }
        }

        foreach (var membership in memberships)
        {
            var owner = ProposalStore.State(context, context.EventId, membership.ProposalId)!.OwnerId;
            var member = ProposalStore.FindMember(context, membership.ProposalId, personId)!.ToMember(active: false);
            if (ProposalStore.RemoveMember(context, membership.ProposalId, personId) is { } counts)
            {
                var key = $"member:{member.ProposalId}:{member.PersonId}";
                context.Emit("member", member with { Note = "", Email = null }, Audience.Facilitator, key);
                context.Emit("member", member with { Note = "", Email = null }, Audience.Person(owner), key);
                context.Emit("proposal.counts", counts, mergeKey: $"proposal:{counts.Id}:counts");
                // The erased joiner leaves the owner's and the fellow partners' my-session pages.
                MatchmakingService.MemberChanged(context, membership.ProposalId, personId, membership.ShareContact == 1, membership.SharePartners == 1);
            }
        }

        MatchmakingStore.EraseOwner(context, personId);
        foreach (var proposalId in matchmaking.Owned)
        {
            MatchmakingService.Changed(context, proposalId);
        }

        foreach (var questionId in PrivacyStore.QuestionVotes(context, personId))
        {
            if (QuestionStore.RemoveVote(context, questionId, personId) && QuestionStore.Find(context, context.EventId, questionId) is { } voted)
            {
                context.Emit("question.counts", new QuestionCounts(questionId, voted.Upvotes), mergeKey: $"question:{questionId}:counts");
            }
        }

        var screen = QuestionStore.Screen(context, context.EventId).QuestionId;
        foreach (var question in questions)
        {
            PrivacyStore.DeleteQuestion(context, question.Id);
            context.Emit("question.removed", new QuestionRemoved(question.Id),
                question.Status == "published" ? Audience.Everyone : Audience.Moderation, mergeKey: $"question:{question.Id}");
            if (screen == question.Id)
            {
                context.Emit("screen", new Screen(null), mergeKey: "screen");
            }
        }

        foreach (var practice in practices)
        {
            PrivacyStore.DeletePractice(context, practice.Id);
            context.Emit("practice.removed", new PracticeRemoved(practice.Id), practice.Hidden == 1 ? Audience.Moderation : Audience.Everyone);
        }

        PrivacyStore.DeleteReflection(context, personId);
        // The words they gave to clouds: the clouds are sent again without them; a word someone else gave too stays.
        var words = PrivacyStore.PollWords(context, personId);
        PrivacyStore.DeletePollWords(context, personId);
        foreach (var pollId in words.Select(word => word.PollId).Distinct())
        {
            PollService.ResultsChanged(context, PollStore.Find(context, context.EventId, pollId)!);
        }

        texts.AddRange(words.Where(word => !PrivacyStore.WordStillGiven(context, word.PollId, word.WordKey))
            .SelectMany(word => new[] { word.WordKey, word.Text }).Where(text => text.Length > 0));
        if (credential is not null)
        {
            Reissue(context, credential, texts);
            if (revokeBadge && !credential.Revoked)
            {
                CredentialStore.Revoke(context, credential.Id, "Erased at the holder's request.");
            }
        }

        PrivacyStore.DeleteOwnChanges(context, personId);
        PrivacyStore.ScrubChanges(context, person.Name, person.Organisation, emails, texts);
        // The facilitator's list of people replaces its copy of them.
        context.Emit("person.joined", new Person(personId, context.EventId, person.Role == "participant" ? Role.Participant : Role.Stakeholder,
            PrivacyStore.ErasedName, "", ""), Audience.Facilitator);
        return true;
    }

    /// <summary>
    /// Purges the event's personal data (docs/privacy.md, "Retention and purge"): every participant and stakeholder is
    /// erased as by <see cref="Erase"/>, then the personal texts that belong to no one person's erase go (the words
    /// given to word clouds, the pitches' speaker names, the proposals' summaries and partners sought), and the
    /// event is marked purged. One change under the event's lock: on several nodes a second purge of the same event
    /// waits for the first and then finds it purged, so running it twice, or on two nodes at once, does nothing more.
    /// </summary>
    public async Task<PurgeReport> Purge(long eventId)
    {
        var erased = new List<long>();
        var report = await writer.Write(eventId, context =>
        {
            erased.Clear();
            if (RetentionStore.Settings(context, context.EventId).PurgedAt is not null)
            {
                return new PurgeReport(false, 0, context.Version);
            }

            foreach (var personId in RetentionStore.PeopleToErase(context))
            {
                if (EraseIn(context, personId, revokeBadge: false))
                {
                    erased.Add(personId);
                }
            }

            var texts = RetentionStore.RemainingTexts(context);
            var clouds = RetentionStore.CloudsWithWords(context);
            var proposals = RetentionStore.PurgeTexts(context);
            PrivacyStore.ScrubChanges(context, "", "", [], texts);
            foreach (var pollId in clouds)
            {
                PollService.ResultsChanged(context, PollStore.Find(context, context.EventId, pollId)!);
            }

            foreach (var proposalId in proposals)
            {
                if (ProposalStore.Find(context, context.EventId, proposalId) is { } proposal)
                {
                    context.Emit("proposal", proposal, mergeKey: $"proposal:{proposalId}");
                }
            }

            RetentionStore.MarkPurged(context);
            context.Emit("privacy", RetentionStore.Settings(context, context.EventId).View(), Audience.Facilitator, "privacy");
            return new PurgeReport(true, erased.Count, context.Version);
        });
        if (report.Purged)
        {
            database.Dialect.Compact(RetentionStore.Touched);
        }

        return report;
    }

    /// <summary>The event's retention and controller text, as the facilitator sees them.</summary>
    public PrivacySettings Settings(long eventId)
    {
        using var sql = database.Read();
        return RetentionStore.Settings(sql, eventId).View();
    }

    /// <summary>The facilitator sets how long the event's personal data is kept after it closes, and who the controller is in the event's words.</summary>
    public Task<Ack> SetSettings(Person caller, PrivacySettingsInput? input)
    {
        input = Check.NotNull(input, "privacy settings");
        var days = Check.Range(input.RetentionDays ?? -1, "retention in days", 0, RetentionStore.MaxDays);
        var controller = Check.Text(input.Controller, "controller text", 0, 600);
        return writer.Change(caller.EventId, context =>
        {
            RetentionStore.Set(context, days, controller.Length > 0 ? controller : null);
            context.Emit("privacy", RetentionStore.Settings(context, context.EventId).View(), Audience.Facilitator, "privacy");
        });
    }

    /// <summary>
    /// Who the controller is and how long the data is kept, for the join page: the event's controller text when its
    /// facilitator set one, else the deployment's (<c>Hub:PrivacyController</c>), else none (the page says its
    /// default); the event's retention when the code names an event.
    /// </summary>
    public PrivacyNotice Notice(string? code, string? deployment)
    {
        var fallback = string.IsNullOrWhiteSpace(deployment) ? null : deployment;
        if (string.IsNullOrWhiteSpace(code))
        {
            return new PrivacyNotice(fallback, null);
        }

        using var sql = database.Read();
        return RetentionStore.NoticeByCode(sql, code.Trim().ToUpperInvariant()) is { } own
            ? new PrivacyNotice(own.Controller is { Length: > 0 } text ? text : fallback, (int)own.RetentionDays)
            : new PrivacyNotice(fallback, null);
    }

    /// <summary>
    /// The person corrects their profile, with the same checks as joining; the room sees the corrected name where it
    /// showed it (their named questions, practices, memberships, the facilitator's list of people).
    /// </summary>
    public async Task<Ack> CorrectProfile(Person caller, ProfileInput? input)
    {
        input = Check.NotNull(input, "profile");
        var name = Check.Line(input.Name, "name", 1, 80);
        var organisation = Check.Line(input.Organisation, "organisation", caller.Role == Role.Participant ? 1 : 0, 120);
        var country = caller.Role == Role.Stakeholder && string.IsNullOrWhiteSpace(input.Country) ? "" : Countries.Check(input.Country);
        var ack = await writer.Change(caller.EventId, context =>
        {
            var person = PrivacyStore.Person(context, context.EventId, caller.Id);
            if (person is null || person.ErasedAt is not null || (person.Name == name && person.Organisation == organisation && person.Country == country))
            {
                return;
            }

            PrivacyStore.CorrectProfile(context, caller.Id, name, organisation, country);
            // The corrected name passes the room's filter as at check-in: held if it hits, shown if it is clean.
            var held = RoomFilter.Check(context, context.EventId, $"{name}\n{organisation}");
            EventStore.SetNameHeld(context, caller.Id, held);
            // The stored changes say the corrected name too, so that a Sync replays no trace of the old one; a held
            // name never goes into them (they show the placeholder, an empty name, as the room's entries do).
            if (held is null)
            {
                PrivacyStore.ScrubChanges(context, person.Name, person.Organisation, [], [], name, organisation);
            }
            else
            {
                PrivacyStore.ScrubChanges(context, person.Name, "", [], [], newName: "");
            }
            foreach (var question in PrivacyStore.Questions(context, caller.Id))
            {
                if (question.Anonymous == 0 && QuestionStore.Find(context, context.EventId, question.Id) is { } row)
                {
                    QuestionService.Changed(context, row);
                }
            }

            foreach (var practice in PrivacyStore.Practices(context, caller.Id))
            {
                var view = PracticeStore.Find(context, context.EventId, practice.Id)!.View();
                if (practice.Hidden == 1)
                {
                    context.Emit("practice", view, Audience.Moderation);
                    context.Emit("practice", view with { HeldFor = null }, Audience.Person(caller.Id));
                }
                else
                {
                    context.Emit("practice", view);
                }
            }

            foreach (var membership in PrivacyStore.Memberships(context, caller.Id))
            {
                var owner = ProposalStore.State(context, context.EventId, membership.ProposalId)!.OwnerId;
                var member = ProposalStore.FindMember(context, membership.ProposalId, caller.Id)!.ToMember(active: true);
                var key = $"member:{member.ProposalId}:{member.PersonId}";
                context.Emit("member", member, Audience.Facilitator, key);
                context.Emit("member", member, Audience.Person(owner), key);
            }

            MatchmakingService.PersonChanged(context, caller.Id);
            FilterService.PersonChanged(context, caller.Id);
            context.Reread(caller.Id);
        });
        database.Dialect.Compact(["people", "changes"]);
        return ack;
    }

    /// <summary>
    /// Deletes a practice the caller shared: the room sees it go. The evidence that they shared it stays; their badge
    /// progress follows (a practice that is gone counts no more, as a hidden one).
    /// </summary>
    public Task<Ack> DeletePractice(Person caller, long practiceId) =>
        writer.Change(caller.EventId, context =>
        {
            var practice = PracticeStore.Find(context, context.EventId, practiceId);
            if (practice is null || practice.PersonId != caller.Id)
            {
                throw new Refusal(RefusalCode.NotFound, $"You have no practice {practiceId} in this session.");
            }

            PrivacyStore.DeletePractice(context, practiceId);
            PrivacyStore.ScrubChanges(context, "", "", [], [practice.Title, practice.Text]);
            context.Emit("practice.removed", new PracticeRemoved(practiceId), practice.Hidden ? Audience.Moderation : Audience.Everyone);
            if (practice.Hidden)
            {
                context.Emit("practice.removed", new PracticeRemoved(practiceId), Audience.Person(caller.Id));
            }

            context.Touch(caller.Id);
        });

    /// <summary>
    /// The stored credential, signed again without the holder's name and texts, so that its page and status still
    /// answer; the copy the holder downloaded keeps verifying against the same published key.
    /// </summary>
    private void Reissue(WriteContext context, CredentialStore.Row credential, IReadOnlyList<string> texts)
    {
        var issue = JsonSerializer.Deserialize<BadgeIssue>(credential.Issue, Json.Options)!;
        var identity = issue.Identity();
        var evidence = issue.Evidence
            .Select(item => texts.Aggregate(item, (scrubbed, text) => scrubbed with { Narrative = scrubbed.Narrative.Replace(text, "…", StringComparison.Ordinal) }))
            .ToList();
        var erased = issue with { RecipientName = PrivacyStore.ErasedName, RecipientEmail = "", RecipientHash = identity, Evidence = evidence };
        var urls = new BadgeUrls(erased.BaseUrl);
        var signed = OpenBadgeCredential.Build(erased, urls, keys.KeyId);
        PrivacyStore.ReplaceCredential(context, credential.Id, identity, JsonSerializer.Serialize(erased, Json.Options), signed.ToJsonString(),
            VcJwt.Sign(signed, keys, urls.Key(keys.KeyId)));
    }

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
