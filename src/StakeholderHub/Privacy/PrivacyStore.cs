using System.Text.Json;
using StakeholderHub.Data;

namespace StakeholderHub.Privacy;

/// <summary>The SQL of erasing a person (docs/privacy.md, "Erase"): what they wrote is deleted, their row becomes a pseudonym.</summary>
public static class PrivacyStore
{
    /// <summary>What an erased person is called wherever their name was: their badge page, the facilitator's lists.</summary>
    public const string ErasedName = "(erased)";

    public sealed record PersonRow(long Id, long EventId, string Role, string Name, string Organisation, string Country, string? Email,
        long BadgeEmailConsent, long? ErasedAt, long CreatedAt);

    public sealed record QuestionRow(long Id, string Text, string Status, long Anonymous, long Upvotes, long CreatedAt);

    public sealed record PracticeRow(long Id, string Title, string Text, long Hidden, long CreatedAt);

    public sealed record MembershipRow(long ProposalId, string Intent, string Note, long ShareContact, string? ContactEmail, long JoinedAt,
        long SharePartners, string? PartnersEmail);

    public sealed record ReflectionRow(string TakeHome, string Contribute, long UpdatedAt);

    public sealed record EvidenceRow(long Id, string Action, string? SubjectKind, long? SubjectId, string? Detail, long CreatedAt);

    public static PersonRow? Person(IStoreReader sql, long eventId, long personId) =>
        sql.QuerySingleOrDefault<PersonRow>(
            """
            SELECT id AS Id, event_id AS EventId, role AS Role, name AS Name, organisation AS Organisation, country AS Country,
                   email AS Email, badge_email_consent AS BadgeEmailConsent, erased_at AS ErasedAt, created_at AS CreatedAt
            FROM people WHERE id = @PersonId AND event_id = @EventId
            """,
            new { PersonId = personId, EventId = eventId });

    public static IReadOnlyList<QuestionRow> Questions(IStoreReader sql, long personId) =>
        sql.Query<QuestionRow>(
            """
            SELECT id AS Id, text AS Text, status AS Status, anonymous AS Anonymous, upvotes AS Upvotes, created_at AS CreatedAt
            FROM questions WHERE person_id = @PersonId ORDER BY id
            """,
            new { PersonId = personId }).ToList();

    public static IReadOnlyList<PracticeRow> Practices(IStoreReader sql, long personId) =>
        sql.Query<PracticeRow>(
            "SELECT id AS Id, title AS Title, text AS Text, hidden AS Hidden, created_at AS CreatedAt FROM practices WHERE person_id = @PersonId ORDER BY id",
            new { PersonId = personId }).ToList();

    public static IReadOnlyList<MembershipRow> Memberships(IStoreReader sql, long personId) =>
        sql.Query<MembershipRow>(
            """
            SELECT proposal_id AS ProposalId, intent AS Intent, note AS Note, share_contact AS ShareContact,
                   contact_email AS ContactEmail, joined_at AS JoinedAt, share_partners AS SharePartners, partners_email AS PartnersEmail
            FROM proposal_members WHERE person_id = @PersonId ORDER BY proposal_id
            """,
            new { PersonId = personId }).ToList();

    public static IReadOnlyList<long> ProposalVotes(IStoreReader sql, long personId) =>
        sql.Query<long>("SELECT proposal_id FROM proposal_votes WHERE person_id = @PersonId ORDER BY proposal_id", new { PersonId = personId }).ToList();

    public static IReadOnlyList<long> QuestionVotes(IStoreReader sql, long personId) =>
        sql.Query<long>("SELECT question_id FROM question_votes WHERE person_id = @PersonId ORDER BY question_id", new { PersonId = personId }).ToList();

    public static ReflectionRow? Reflection(IStoreReader sql, long personId) =>
        sql.QuerySingleOrDefault<ReflectionRow>(
            "SELECT take_home AS TakeHome, contribute AS Contribute, updated_at AS UpdatedAt FROM reflections WHERE person_id = @PersonId",
            new { PersonId = personId });

    public static IReadOnlyList<EvidenceRow> Evidence(IStoreReader sql, long personId) =>
        sql.Query<EvidenceRow>(
            """
            SELECT id AS Id, action AS Action, subject_kind AS SubjectKind, subject_id AS SubjectId, detail AS Detail, created_at AS CreatedAt
            FROM evidence WHERE person_id = @PersonId ORDER BY id
            """,
            new { PersonId = personId }).ToList();

    /// <summary>The person's row keeps only what the evidence needs: its id, event and role.</summary>
    public static void ScrubPerson(WriteContext context, long personId) =>
        context.Execute(
            """
            UPDATE people SET name = @Erased, organisation = '', country = '', email = NULL, request_id = NULL,
                badge_email_consent = 0, erased_at = @Now
            WHERE id = @PersonId
            """,
            new { PersonId = personId, Erased = ErasedName, Now = context.NowMs });

    /// <summary>Deletes a question, the upvotes it had, and takes it off the screen.</summary>
    public static void DeleteQuestion(WriteContext context, long questionId)
    {
        context.Execute("UPDATE events SET screen_question_id = NULL WHERE id = @EventId AND screen_question_id = @Id", new { context.EventId, Id = questionId });
        context.Execute("DELETE FROM question_votes WHERE question_id = @Id", new { Id = questionId });
        context.Execute("DELETE FROM questions WHERE id = @Id AND event_id = @EventId", new { Id = questionId, context.EventId });
    }

    public static void DeletePractice(WriteContext context, long practiceId) =>
        context.Execute("DELETE FROM practices WHERE id = @Id AND event_id = @EventId", new { Id = practiceId, context.EventId });

    public sealed record PollWordRow(long PollId, string WordKey, string Text);

    public static IReadOnlyList<PollWordRow> PollWords(IStoreReader sql, long personId) =>
        sql.Query<PollWordRow>("SELECT poll_id AS PollId, word_key AS WordKey, text AS Text FROM poll_words WHERE person_id = @PersonId ORDER BY poll_id",
            new { PersonId = personId }).ToList();

    public static void DeletePollWords(WriteContext context, long personId) =>
        context.Execute("DELETE FROM poll_words WHERE person_id = @PersonId", new { PersonId = personId });

    /// <summary>Whether someone else gave the same word to the cloud (then it stays in the cloud's history).</summary>
    public static bool WordStillGiven(IStoreReader sql, long pollId, string wordKey) =>
        sql.ExecuteScalar<long>("SELECT COUNT(*) FROM poll_words WHERE poll_id = @PollId AND word_key = @Key", new { PollId = pollId, Key = wordKey }) > 0;

    public static void DeleteReflection(WriteContext context, long personId) =>
        context.Execute("DELETE FROM reflections WHERE person_id = @PersonId", new { PersonId = personId });

    /// <summary>The entries only the person received (their own state) go; nobody else ever receives them.</summary>
    public static void DeleteOwnChanges(WriteContext context, long personId) =>
        context.Execute("DELETE FROM changes WHERE event_id = @EventId AND recipient = @PersonId", new { context.EventId, PersonId = personId });

    /// <summary>
    /// Rewrites the stored changes (what Sync replays) without the person: in the entries that carry their name, their
    /// name and organisation; everywhere, their e-mail addresses and texts. Strings are matched as the JSON the hub
    /// wrote them, quotes included, so only whole values change.
    /// </summary>
    public static void ScrubChanges(WriteContext context, string name, string organisation, IEnumerable<string> emails, IEnumerable<string> texts,
        string newName = ErasedName, string newOrganisation = "")
    {
        if (name.Length > 0)
        {
            context.Execute(
                """
                UPDATE changes SET data = REPLACE(data, @Name, @NewName)
                WHERE event_id = @EventId AND data <> REPLACE(data, @Name, @NewName)
                """,
                new { context.EventId, Name = Quoted(name), NewName = Quoted(newName) });
            if (organisation.Length > 0)
            {
                // Only in the entries that carry the (new) name: an organisation alone names nobody.
                context.Execute(
                    """
                    UPDATE changes SET data = REPLACE(data, @Organisation, @NewOrganisation)
                    WHERE event_id = @EventId AND data <> REPLACE(data, @NewName, @Empty)
                    """,
                    new { context.EventId, NewName = Quoted(newName), Organisation = Quoted(organisation), NewOrganisation = Quoted(newOrganisation), Empty = "" });
            }
        }

        foreach (var (find, put) in emails.Select(email => (Quoted(email), "null")).Concat(texts.Select(text => (Quoted(text), "\"\""))).Distinct())
        {
            context.Execute(
                "UPDATE changes SET data = REPLACE(data, @Find, @Put) WHERE event_id = @EventId AND data <> REPLACE(data, @Find, @Put)",
                new { context.EventId, Find = find, Put = put });
        }
    }

    public static void ReplaceCredential(WriteContext context, string id, string email, string issue, string credential, string jwt) =>
        context.Execute(
            "UPDATE credentials SET email = @Email, contact_consent = 0, issue = @Issue, credential = @Credential, jwt = @Jwt WHERE id = @Id",
            new { Id = id, Email = email, Issue = issue, Credential = credential, Jwt = jwt });

    /// <summary>The holder no longer wants to be contacted with the badge address: only its hash stays.</summary>
    public static void WithdrawContact(WriteContext context, string credentialId, string identityHash) =>
        context.Execute("UPDATE credentials SET email = @Hash, contact_consent = 0 WHERE id = @Id", new { Id = credentialId, Hash = identityHash });

    /// <summary>The person corrects their profile (checked as at join).</summary>
    public static void CorrectProfile(WriteContext context, long personId, string name, string organisation, string country) =>
        context.Execute("UPDATE people SET name = @Name, organisation = @Organisation, country = @Country WHERE id = @PersonId",
            new { PersonId = personId, Name = name, Organisation = organisation, Country = country });

    public static void WithdrawBadgeEmail(WriteContext context, long personId) =>
        context.Execute("UPDATE people SET badge_email_consent = 0 WHERE id = @PersonId", new { PersonId = personId });

    /// <summary>The tables an erase rewrites, for <see cref="Dialect.Compact"/>.</summary>
    public static readonly IReadOnlyList<string> Touched =
        ["people", "questions", "question_votes", "practices", "reflections", "proposal_members", "proposal_votes", "credentials", "changes",
            "poll_words", "owner_contacts", "proposal_updates"];

    private static string Quoted(string value) => JsonSerializer.Serialize(value, Json.Options);
}
