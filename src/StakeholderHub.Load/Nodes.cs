namespace StakeholderHub.Load;

/// <summary>
/// Several hub nodes (<c>--nodes N</c>): N hub processes on one PostgreSQL database of their own, with SignalR's
/// Redis backplane on a <c>redis-server</c> this tool starts on a free loopback port with no persistence. Node 1
/// starts first (it makes the schema and the default event), the others then at once and find that event. Everything
/// is stopped at dispose, and the database dropped unless <c>--keep-data</c>.
/// </summary>
public sealed class HubNodes : IAsyncDisposable
{
    private readonly string _postgres;
    private readonly string _database;
    private readonly bool _keepData;

    private HubNodes(string postgres, string database, bool keepData)
    {
        _postgres = postgres;
        _database = database;
        _keepData = keepData;
    }

    public List<ServerProcess> Nodes { get; } = [];

    public ServerProcess? Redis { get; private set; }

    /// <summary>Node 1, where the facilitator and the projector connect.</summary>
    public ServerProcess First => Nodes[0];

    /// <summary>The redis-server on PATH, or a clear error: the tool does not install it.</summary>
    public static string RedisProgram() =>
        ServerProcess.FindOnPath("redis-server")
        ?? throw new InvalidOperationException(
            "--nodes needs redis-server on PATH for the backplane, and there is none. "
            + "tests/services.sh installs it (source tests/services.sh && ensure_cluster_tools; on Debian: apt-get install redis-server).");

    public static async Task<HubNodes> Start(string serverDll, int count, string postgres, bool keepData, int? core, Action<string> log)
    {
        var program = RedisProgram();
        var nodes = new HubNodes(postgres, await ServerProcess.CreateDatabase(postgres), keepData);
        try
        {
            nodes.Redis = await ServerProcess.StartRedis(program, core);
            var redis = $"{nodes.Redis.BaseUrl.Host}:{nodes.Redis.BaseUrl.Port}";
            log($"Started {program} on {redis} (no persistence); the database {new Npgsql.NpgsqlConnectionStringBuilder(nodes._database).Database}.");
            var environment = new Dictionary<string, string>
            {
                ["Redis__ConnectionString"] = redis,
                // A prefix of its own, as the cluster tests do, should this Redis ever be shared.
                ["Redis__ChannelPrefix"] = "shub-load-" + Guid.NewGuid().ToString("N")[..12],
            };
            Task<ServerProcess> Node() => ServerProcess.StartNode(serverDll, keepData, nodes._database, null, core, environment);

            nodes.Nodes.Add(await Node());
            var others = Enumerable.Range(1, count - 1).Select(_ => Node()).ToList();
            try
            {
                await Task.WhenAll(others);
            }
            finally
            {
                // Those that did start are stopped with the rest, whichever failed.
                nodes.Nodes.AddRange(others.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }

            if (nodes.Nodes.FirstOrDefault(n => n.JoinCode != nodes.First.JoinCode) is { } stray)
            {
                throw new InvalidOperationException(
                    $"The node at {stray.BaseUrl} made an event of its own (join code {stray.JoinCode}) instead of finding node 1's ({nodes.First.JoinCode}).");
            }

            log($"Started {count} hub nodes on one PostgreSQL database with the Redis backplane: "
                + string.Join(", ", nodes.Nodes.Select((n, i) => $"node {i + 1} {n.BaseUrl.Authority} (pid {n.Pid})")) + ".");
            return nodes;
        }
        catch
        {
            await nodes.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        if (!_keepData)
        {
            await ServerProcess.DropDatabase(_postgres, _database);
        }
    }
}
