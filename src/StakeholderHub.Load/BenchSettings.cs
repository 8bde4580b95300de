using System.Globalization;

namespace StakeholderHub.Load;

/// <summary>What one run does. Every count and time has a hard cap, so a typo cannot start an unbounded run.</summary>
public sealed class BenchSettings
{
    public const int MaxParticipants = 5000;
    public const int MaxDurationSeconds = 600;
    public const int MaxRate = 5000;
    public const int MaxProposals = 200;

    /// <summary>How many participants join and connect.</summary>
    public int Participants { get; set; } = 1000;

    /// <summary>How long the storm lasts, in seconds.</summary>
    public double DurationSeconds { get; set; } = 60;

    /// <summary>Interactions a second during the storm, over all participants.</summary>
    public int Rate { get; set; } = 2000;

    /// <summary>How many proposals the board has.</summary>
    public int Proposals { get; set; } = 20;

    /// <summary>
    /// The most calls a second one participant makes. The hub refuses more than RateLimit:PerSecond (5) a second
    /// after a burst of 20; the tool stays under it, so it measures the hub rather than its rate limit.
    /// </summary>
    public double PerParticipantPerSecond { get; set; } = 4;

    /// <summary>How many joins are in flight at once during the join surge.</summary>
    public int JoinConcurrency { get; set; } = 50;

    /// <summary>How many WebSocket connections are being opened at once.</summary>
    public int ConnectConcurrency { get; set; } = 50;

    /// <summary>Seconds of closed-loop writing for the store baseline.</summary>
    public double StoreSeconds { get; set; } = 10;

    /// <summary>Seconds of broadcasting for the bare SignalR baseline.</summary>
    public double BroadcastSeconds { get; set; } = 10;

    public bool Baselines { get; set; } = true;

    /// <summary>A running hub to load instead of starting one (loopback only); needs the tokens and the database.</summary>
    public Uri? Url { get; set; }

    public string? JoinCode { get; set; }

    public string? FacilitatorToken { get; set; }

    public string? ProjectorToken { get; set; }

    public string? DatabasePath { get; set; }

    /// <summary>The built hub to start; found beside the tool's configuration when not given.</summary>
    public string? ServerDll { get; set; }

    /// <summary>Where to write the report as JSON too.</summary>
    public string? JsonOut { get; set; }

    public bool KeepData { get; set; }

    /// <summary>
    /// A PostgreSQL server (Npgsql connection string of a role that may create databases): the hub runs on a database
    /// of its own made there (the shared store several nodes use), dropped afterwards unless <see cref="KeepData"/>.
    /// </summary>
    public string? Postgres { get; set; }

    /// <summary>The most hub nodes <c>--nodes</c> starts.</summary>
    public const int MaxNodes = 4;

    /// <summary>
    /// Hub nodes (<c>--nodes N</c>, 2 to 4; 1 is one hub): N hub processes on one PostgreSQL database (needs
    /// <see cref="Postgres"/>) with the Redis backplane on a redis-server the tool starts; participants spread over them
    /// round-robin, each connecting straight to its node; the facilitator and the projector on node 1.
    /// </summary>
    public int Nodes { get; set; } = 1;

    /// <summary>How many times to run; with more than one, a table of the medians follows.</summary>
    public int Runs { get; set; } = 1;

    public bool Quiet { get; set; }

    /// <summary>
    /// What the participants do: <c>board</c> (upvotes, joins and questions) or <c>polls</c> (the poll-and-reaction
    /// mix: a third upvotes, a third answers in one open poll, a fifth reactions, the rest joins and questions).
    /// </summary>
    public string Mix { get; set; } = "board";

    /// <summary>
    /// Reactions a second sent beside the storm, from the participants' own connections in turn (issue 17: 5,000 in
    /// 10 s from 300 phones is 500). They are answered at once and are not evidence, so they are counted apart.
    /// </summary>
    public int ReactionsPerSecond { get; set; }

    /// <summary>
    /// Each run becomes a pair on fresh hubs, the storm without reactions and the same storm with
    /// <see cref="ReactionsPerSecond"/> (the order alternating), and the medians are printed side by side.
    /// </summary>
    public bool CompareReactions { get; set; }

    /// <summary>The core the hub and the bare server run on with <c>--pin</c>; the tool takes the others.</summary>
    public const int ServerCore = 0;

    /// <summary>The hub and the bare SignalR server on one core, the tool on the other(s) (Linux, taskset).</summary>
    public bool Pin { get; set; }

    public static BenchSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new BenchSettings();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--participants":
                    settings.Participants = Capped(int.Parse(Value(), CultureInfo.InvariantCulture), 1, MaxParticipants, name);
                    break;
                case "--duration":
                    settings.DurationSeconds = Capped(double.Parse(Value(), CultureInfo.InvariantCulture), 1, MaxDurationSeconds, name);
                    break;
                case "--rate":
                    settings.Rate = Capped(int.Parse(Value(), CultureInfo.InvariantCulture), 1, MaxRate, name);
                    break;
                case "--proposals":
                    settings.Proposals = Capped(int.Parse(Value(), CultureInfo.InvariantCulture), 1, MaxProposals, name);
                    break;
                case "--per-participant":
                    settings.PerParticipantPerSecond = Capped(double.Parse(Value(), CultureInfo.InvariantCulture), 0.1, 100, name);
                    break;
                case "--join-concurrency":
                    settings.JoinConcurrency = Capped(int.Parse(Value(), CultureInfo.InvariantCulture), 1, 500, name);
                    break;
                case "--connect-concurrency":
                    settings.ConnectConcurrency = Capped(int.Parse(Value(), CultureInfo.InvariantCulture), 1, 500, name);
                    break;
                case "--store-seconds":
                    settings.StoreSeconds = Capped(double.Parse(Value(), CultureInfo.InvariantCulture), 1, 120, name);
                    break;
                case "--broadcast-seconds":
                    settings.BroadcastSeconds = Capped(double.Parse(Value(), CultureInfo.InvariantCulture), 1, 120, name);
                    break;
                case "--no-baselines":
                    settings.Baselines = false;
                    break;
                case "--url":
                    settings.Url = new Uri(Value());
                    break;
                case "--join-code":
                    settings.JoinCode = Value();
                    break;
                case "--facilitator-token":
                    settings.FacilitatorToken = Value();
                    break;
                case "--projector-token":
                    settings.ProjectorToken = Value();
                    break;
                case "--db":
                    settings.DatabasePath = Value();
                    break;
                case "--server-dll":
                    settings.ServerDll = Value();
                    break;
                case "--json":
                    settings.JsonOut = Value();
                    break;
                case "--runs":
                    settings.Runs = Capped(int.Parse(Value(), CultureInfo.InvariantCulture), 1, 10, name);
                    break;
                case "--postgres":
                    settings.Postgres = Value();
                    break;
                case "--nodes":
                    settings.Nodes = Capped(int.Parse(Value(), CultureInfo.InvariantCulture), 2, MaxNodes, name);
                    break;
                case "--keep-data":
                    settings.KeepData = true;
                    break;
                case "--mix":
                    settings.Mix = Value();
                    if (settings.Mix is not ("board" or "polls"))
                    {
                        throw new ArgumentException("--mix is board or polls.");
                    }

                    break;
                case "--reactions":
                    settings.ReactionsPerSecond = Capped(int.Parse(Value(), CultureInfo.InvariantCulture), 0, 5000, name);
                    break;
                case "--pin":
                    settings.Pin = true;
                    break;
                case "--compare-reactions":
                    settings.CompareReactions = true;
                    break;
                case "--quiet":
                    settings.Quiet = true;
                    break;
                case "--full":
                    // The target: 5,000 participants, 2,000 interactions a second.
                    settings.Participants = 5000;
                    settings.Rate = 2000;
                    break;
                default:
                    throw new ArgumentException($"Unknown option {name}. See docs/performance.md.");
            }
        }

        if (settings.Url is { } url && !url.IsLoopback)
        {
            throw new ArgumentException("--url must be a loopback address: the tool only loads this machine.");
        }

        if (settings.Url is not null && (settings.JoinCode is null || settings.FacilitatorToken is null || settings.ProjectorToken is null || settings.DatabasePath is null))
        {
            throw new ArgumentException("--url needs --join-code, --facilitator-token, --projector-token and --db (the hub's SQLite file, read at the end).");
        }

        if (settings.Rate + settings.ReactionsPerSecond > settings.Participants * 5)
        {
            throw new ArgumentException(
                $"{settings.Rate} interactions and {settings.ReactionsPerSecond} reactions a second from {settings.Participants} participants is more "
                + "than the hub's 5 calls a second each: add participants or lower --rate or --reactions.");
        }

        if (settings.CompareReactions && settings.ReactionsPerSecond == 0)
        {
            throw new ArgumentException("--compare-reactions needs --reactions (reactions a second beside the storm).");
        }

        if (settings.Postgres is not null && settings.Url is not null)
        {
            throw new ArgumentException("--postgres starts a hub of its own on PostgreSQL; it does not go with --url.");
        }

        if (settings.Nodes > 1 && settings.Postgres is null)
        {
            throw new ArgumentException("--nodes needs --postgres: several nodes share one PostgreSQL database (the one --postgres makes).");
        }

        if (settings.Nodes > 1 && settings.Url is not null)
        {
            throw new ArgumentException("--nodes starts hub nodes of its own; it does not go with --url.");
        }

        if (settings.Nodes > settings.Participants)
        {
            throw new ArgumentException($"--nodes {settings.Nodes} needs at least as many participants, one on each node.");
        }

        if (settings.Rate > settings.Participants * settings.PerParticipantPerSecond)
        {
            throw new ArgumentException(
                $"{settings.Rate} interactions/s from {settings.Participants} participants is more than {settings.PerParticipantPerSecond}/s each, "
                + "past the hub's rate limit: add participants or lower --rate.");
        }

        return settings;
    }

    /// <summary>The same settings with another number of reactions a second.</summary>
    public BenchSettings WithReactions(int perSecond)
    {
        var copy = (BenchSettings)MemberwiseClone();
        copy.ReactionsPerSecond = perSecond;
        return copy;
    }

    private static T Capped<T>(T value, T min, T max, string name)
        where T : IComparable<T> =>
        value.CompareTo(min) < 0 || value.CompareTo(max) > 0
            ? throw new ArgumentException($"{name} must be between {min} and {max}.")
            : value;
}
