using System.Text.Json;
using StakeholderHub.Data;

namespace StakeholderHub.Polls;

/// <summary>The SQL of polls and word clouds.</summary>
public static class PollStore
{
    private const string Select = """
        SELECT id AS Id, owner_id AS OwnerId, kind AS Kind, question AS Question, options AS Options,
               max_choices AS MaxChoices, results AS Results, status AS Status, proposal_id AS ProposalId,
               agenda_item_id AS AgendaItemId, created_at AS CreatedAt
        FROM polls
        """;

    /// <summary>The words a cloud sends, the most frequent first: enough for any wall.</summary>
    public const int CloudSize = 100;

    /// <summary>The polls a person may see: drafts only their owner's and the facilitator's.</summary>
    public static IReadOnlyList<Poll> Visible(IStoreReader sql, long eventId, long personId, bool staff) =>
        sql.Query<Row>($"{Select} WHERE event_id = @EventId AND (@Staff OR status <> 'draft' OR owner_id = @PersonId) ORDER BY id",
            new { EventId = eventId, PersonId = personId, Staff = staff }).Select(row => row.ToPoll()).ToList();

    public static IReadOnlyList<Poll> All(IStoreReader sql, long eventId) =>
        sql.Query<Row>($"{Select} WHERE event_id = @EventId ORDER BY id", new { EventId = eventId }).Select(row => row.ToPoll()).ToList();

    public static Poll? Find(IStoreReader sql, long eventId, long pollId) =>
        sql.QuerySingleOrDefault<Row>($"{Select} WHERE id = @Id AND event_id = @EventId", new { Id = pollId, EventId = eventId })?.ToPoll();

    public static long? FindByRequest(IStoreReader sql, long ownerId, string requestId) =>
        sql.QuerySingleOrDefault<long?>("SELECT id FROM polls WHERE owner_id = @OwnerId AND request_id = @RequestId",
            new { OwnerId = ownerId, RequestId = requestId });

    public static long Insert(WriteContext context, long ownerId, CheckedPoll poll) =>
        context.ExecuteScalar<long>(
            """
            INSERT INTO polls (event_id, owner_id, kind, question, options, max_choices, results, proposal_id, agenda_item_id,
                               request_id, created_at, updated_at)
            VALUES (@EventId, @OwnerId, @Kind, @Question, @Options, @MaxChoices, @Results, @ProposalId, @AgendaItemId,
                    @RequestId, @Now, @Now)
            RETURNING id
            """,
            new
            {
                context.EventId,
                OwnerId = ownerId,
                poll.Kind,
                poll.Question,
                Options = JsonSerializer.Serialize(poll.Options),
                MaxChoices = (long)poll.MaxChoices,
                poll.Results,
                poll.ProposalId,
                poll.AgendaItemId,
                poll.RequestId,
                Now = context.NowMs,
            });

    public static void Update(WriteContext context, long pollId, CheckedPoll poll) =>
        context.Execute(
            """
            UPDATE polls SET kind = @Kind, question = @Question, options = @Options, max_choices = @MaxChoices,
                             results = @Results, proposal_id = @ProposalId, agenda_item_id = @AgendaItemId, updated_at = @Now
            WHERE id = @Id
            """,
            new
            {
                Id = pollId,
                poll.Kind,
                poll.Question,
                Options = JsonSerializer.Serialize(poll.Options),
                MaxChoices = (long)poll.MaxChoices,
                poll.Results,
                poll.ProposalId,
                poll.AgendaItemId,
                Now = context.NowMs,
            });

    public static void SetStatus(WriteContext context, long pollId, string status) =>
        context.Execute("UPDATE polls SET status = @Status, updated_at = @Now WHERE id = @Id", new { Id = pollId, Status = status, Now = context.NowMs });

    public static bool HasAnswers(IStoreReader sql, long pollId) =>
        sql.ExecuteScalar<long>(
            "SELECT (SELECT COUNT(*) FROM poll_choices WHERE poll_id = @Id) + (SELECT COUNT(*) FROM poll_words WHERE poll_id = @Id)",
            new { Id = pollId }) > 0;

    // ---------------------------------------------------------------- choices

    /// <summary>A person's choices in order (a ranking: by place).</summary>
    public static IReadOnlyList<int> Choices(IStoreReader sql, long pollId, long personId) =>
        sql.Query<long>("SELECT option FROM poll_choices WHERE poll_id = @Id AND person_id = @PersonId ORDER BY place, option",
            new { Id = pollId, PersonId = personId }).Select(option => (int)option).ToList();

    /// <summary>Replaces a person's choices with <paramref name="choices"/> (in order: the place of each).</summary>
    public static void SetChoices(WriteContext context, long pollId, long personId, IReadOnlyList<int> choices, bool ranked)
    {
        context.Execute("DELETE FROM poll_choices WHERE poll_id = @Id AND person_id = @PersonId", new { Id = pollId, PersonId = personId });
        for (var i = 0; i < choices.Count; i++)
        {
            context.Execute(
                "INSERT INTO poll_choices (poll_id, person_id, option, place) VALUES (@Id, @PersonId, @Option, @Place)",
                new { Id = pollId, PersonId = personId, Option = (long)choices[i], Place = ranked ? (long)i : 0L });
        }
    }

    /// <summary>
    /// The results of a choice poll, counted from the stored choices in one statement: the voters, and per option
    /// how many chose it (a ranking: placed it first) and its points (a ranking: n − place; else as the count).
    /// </summary>
    public static PollResults Results(IStoreReader sql, Poll poll)
    {
        var n = poll.Options.Count;
        var counts = new long[n];
        var points = new long[n];
        long voters = 0;
        foreach (var row in sql.Query<TallyRow>(
            """
            SELECT CAST(-1 AS BIGINT) AS Option, CAST(COUNT(DISTINCT person_id) AS BIGINT) AS Chosen, CAST(0 AS BIGINT) AS First, CAST(0 AS BIGINT) AS Points
            FROM poll_choices WHERE poll_id = @Id
            UNION ALL
            SELECT option AS Option, CAST(COUNT(*) AS BIGINT) AS Chosen, CAST(SUM(CASE WHEN place = 0 THEN 1 ELSE 0 END) AS BIGINT) AS First,
                   CAST(SUM(@N - place) AS BIGINT) AS Points
            FROM poll_choices WHERE poll_id = @Id GROUP BY option
            """,
            new { Id = poll.Id, N = (long)n }))
        {
            if (row.Option < 0)
            {
                voters = row.Chosen;
            }
            else if (row.Option < n)
            {
                counts[row.Option] = poll.Kind == "ranking" ? row.First : row.Chosen;
                points[row.Option] = poll.Kind == "ranking" ? row.Points : row.Chosen;
            }
        }

        var whole = poll.Kind == "ranking" ? points.Sum() : voters;
        var percents = (poll.Kind == "ranking" ? points : counts)
            .Select(value => whole == 0 ? 0 : Math.Round(100.0 * value / whole, 1)).ToList();
        return new PollResults(poll.Id, voters, counts, points, percents, []);
    }

    // ---------------------------------------------------------------- words

    public static IReadOnlyList<PollWordView> Words(IStoreReader sql, long pollId, long personId) =>
        sql.Query<(string Text, string? HeldReason)>(
            "SELECT text, held_reason FROM poll_words WHERE poll_id = @Id AND person_id = @PersonId ORDER BY word_key",
            new { Id = pollId, PersonId = personId }).Select(word => new PollWordView(word.Text, word.HeldReason is not null)).ToList();

    public static void SetWords(WriteContext context, long pollId, long personId, IReadOnlyList<(string Key, string Text, string? Held)> words)
    {
        context.Execute("DELETE FROM poll_words WHERE poll_id = @Id AND person_id = @PersonId", new { Id = pollId, PersonId = personId });
        foreach (var (key, text, held) in words)
        {
            context.Execute(
                """
                INSERT INTO poll_words (poll_id, person_id, word_key, text, held_reason, created_at)
                VALUES (@Id, @PersonId, @Key, @Text, @Held, @Now)
                """,
                new { Id = pollId, PersonId = personId, Key = key, Text = text, Held = held, Now = context.NowMs });
        }
    }

    /// <summary>
    /// A word cloud's groups, the most frequent first, each shown as it was first given: for everyone the shown answers only; for the facilitator also
    /// the hidden groups and the held answers (with the filter's reason).
    /// </summary>
    public static PollResults Cloud(IStoreReader sql, long pollId, bool staff)
    {
        var rows = sql.Query<CloudRow>(
            """
            SELECT w.word_key AS WordKey,
                   (SELECT x.text FROM poll_words x WHERE x.poll_id = @Id AND x.word_key = w.word_key
                    ORDER BY x.created_at, x.person_id LIMIT 1) AS Text,
                   CAST(SUM(CASE WHEN w.held_reason IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS Shown,
                   CAST(SUM(CASE WHEN w.held_reason IS NULL THEN 0 ELSE 1 END) AS BIGINT) AS Held,
                   MAX(w.held_reason) AS HeldReason,
                   CAST(MAX(CASE WHEN h.word_key IS NULL THEN 0 ELSE 1 END) AS BIGINT) AS Hidden
            FROM poll_words w LEFT JOIN poll_hidden_words h ON h.poll_id = w.poll_id AND h.word_key = w.word_key
            WHERE w.poll_id = @Id
            GROUP BY w.word_key
            ORDER BY 3 DESC, 1
            """,
            new { Id = pollId }).ToList();
        var voters = sql.ExecuteScalar<long>(
            "SELECT COUNT(DISTINCT person_id) FROM poll_words WHERE poll_id = @Id AND held_reason IS NULL", new { Id = pollId });
        var words = staff
            ? rows.Take(CloudSize * 2).Select(row => new CloudWord(row.WordKey, row.Text, row.Shown, row.Hidden == 1, row.Held, row.HeldReason)).ToList()
            : rows.Where(row => row.Hidden == 0 && row.Shown > 0).Take(CloudSize).Select(row => new CloudWord(row.WordKey, row.Text, row.Shown)).ToList();
        return new PollResults(pollId, voters, [], [], [], words);
    }

    public static bool SetWordHidden(WriteContext context, long pollId, string key, bool hidden) =>
        context.Execute(
            hidden
                ? "INSERT INTO poll_hidden_words (poll_id, word_key) VALUES (@Id, @Key) ON CONFLICT DO NOTHING"
                : "DELETE FROM poll_hidden_words WHERE poll_id = @Id AND word_key = @Key",
            new { Id = pollId, Key = key }) > 0;

    /// <summary>Lets the held answers of a group into the cloud; answers who gave them.</summary>
    public static IReadOnlyList<long> Release(WriteContext context, long pollId, string key)
    {
        var people = context.Query<long>(
            "SELECT person_id FROM poll_words WHERE poll_id = @Id AND word_key = @Key AND held_reason IS NOT NULL",
            new { Id = pollId, Key = key }).ToList();
        context.Execute("UPDATE poll_words SET held_reason = NULL WHERE poll_id = @Id AND word_key = @Key", new { Id = pollId, Key = key });
        return people;
    }

    /// <summary>The stakeholder who presents an agenda item of the event, if any (0 when the item has none; null when there is no such item).</summary>
    public static long? Presenter(IStoreReader sql, long eventId, long itemId) =>
        sql.QuerySingleOrDefault<long?>(
            "SELECT COALESCE(stakeholder_id, 0) FROM agenda_items WHERE id = @Id AND event_id = @EventId", new { Id = itemId, EventId = eventId });

    // ---------------------------------------------------------------- the screen

    public static PollScreen Screen(IStoreReader sql, long eventId) =>
        new(sql.ExecuteScalar<long?>("SELECT screen_poll_id FROM events WHERE id = @EventId", new { EventId = eventId }));

    public static void SetScreen(WriteContext context, long? pollId) =>
        context.Execute("UPDATE events SET screen_poll_id = @PollId WHERE id = @EventId", new { context.EventId, PollId = pollId });

    /// <summary>Every answer of one person in the polls of an event, for their snapshot.</summary>
    public static IReadOnlyList<PollVote> Mine(IStoreReader sql, long eventId, long personId)
    {
        var choices = sql.Query<(long PollId, long Option)>(
            """
            SELECT c.poll_id, c.option FROM poll_choices c JOIN polls p ON p.id = c.poll_id
            WHERE p.event_id = @EventId AND c.person_id = @PersonId ORDER BY c.poll_id, c.place, c.option
            """,
            new { EventId = eventId, PersonId = personId }).ToList();
        var words = sql.Query<(long PollId, string Text, string? HeldReason)>(
            """
            SELECT w.poll_id, w.text, w.held_reason FROM poll_words w JOIN polls p ON p.id = w.poll_id
            WHERE p.event_id = @EventId AND w.person_id = @PersonId ORDER BY w.poll_id, w.word_key
            """,
            new { EventId = eventId, PersonId = personId }).ToList();
        return choices.Select(c => c.PollId).Concat(words.Select(w => w.PollId)).Distinct().Order()
            .Select(pollId => new PollVote(
                pollId,
                choices.Where(c => c.PollId == pollId).Select(c => (int)c.Option).ToList(),
                words.Where(w => w.PollId == pollId).Select(w => new PollWordView(w.Text, w.HeldReason is not null)).ToList()))
            .ToList();
    }

    // Classes rather than records: Dapper maps them by name, whatever type SQLite reports for an aggregate of NULLs.
    private sealed class TallyRow
    {
        public long Option { get; init; }

        public long Chosen { get; init; }

        public long First { get; init; }

        public long Points { get; init; }
    }

    private sealed class CloudRow
    {
        public string WordKey { get; init; } = "";

        public string Text { get; init; } = "";

        public long Shown { get; init; }

        public long Held { get; init; }

        public string? HeldReason { get; init; }

        public long Hidden { get; init; }
    }

    private sealed record Row(
        long Id, long OwnerId, string Kind, string Question, string Options, long MaxChoices, string Results, string Status,
        long? ProposalId, long? AgendaItemId, long CreatedAt)
    {
        public Poll ToPoll() => new(
            Id, OwnerId, Kind, Question, JsonSerializer.Deserialize<string[]>(Options) ?? [], (int)MaxChoices, Results, Status,
            ProposalId, AgendaItemId, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt));
    }
}
