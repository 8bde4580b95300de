using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace StakeholderHub.Tests.Cluster;

/// <summary>
/// A test that needs real processes: a PostgreSQL server (STAKEHOLDERHUB_PG, tests/services.sh), redis-server and
/// nginx. Skipped without STAKEHOLDERHUB_PG, so the SQLite pass of tests/run.sh skips it as it skips SharedStoreTests.
/// </summary>
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (!Cluster.Available)
        {
            Skip = "Runs with PostgreSQL only (tests/run-postgres.sh): several hub nodes share one database, a Redis backplane and nginx.";
        }
    }
}

/// <summary>The cluster tests run one at a time, alone: each starts five processes and times a vote storm.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "Cluster";
}

/// <summary>One hub node: the built app as its own process, on its own port.</summary>
public sealed class HubNode(string name, int port, ChildProcess process)
{
    public string Name { get; } = name;

    public int Port { get; } = port;

    /// <summary>As nginx names it in $upstream_addr.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public Uri BaseUrl => new($"http://{Address}/");

    public ChildProcess Process { get; } = process;

    public override string ToString() => $"node {Name} ({Address})";
}

/// <summary>A redis-server of its own on a free loopback port, which a test can stop and start again on that port.</summary>
public sealed class RedisServer(string program, string folder, int port)
{
    private ChildProcess? _process;
    private readonly List<ChildProcess> _past = [];

    public int Port { get; } = port;

    public string ConnectionString => $"127.0.0.1:{Port}";

    public async Task Start()
    {
        _process = ChildProcess.Start("redis", program,
            ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", folder, "--protected-mode", "no"]);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await Pong())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new XunitException("redis-server did not answer PING:\n" + _process.Tail(50));
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Takes Redis away at once (SIGKILL): what it held is gone, as after a crash.</summary>
    public void Stop()
    {
        if (_process is not null)
        {
            _process.Kill();
            _past.Add(_process);
            _process = null;
        }
    }

    public IEnumerable<ChildProcess> Processes => _process is null ? _past : [.. _past, _process];

    private async Task<bool> Pong()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception)
        {
            return false;
        }
    }
}

/// <summary>
/// Two StakeholderHub nodes (the built app, each its own process) on one fresh PostgreSQL database and one Redis
/// (the backplane), behind nginx running deploy/nginx.conf, on free loopback ports. Tests talk to nginx only
/// (<see cref="BaseUrl"/>, <see cref="Http"/>, <see cref="Connect"/>) and can kill a node or stop Redis. Everything
/// is stopped and removed at dispose, also when the test failed; then every program's output is shown.
/// </summary>
public sealed partial class Cluster : IAsyncDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _root;
    private readonly string? _rootRegistration;
    private readonly string _database;
    private readonly List<BoardClient> _clients = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<ChildProcess> _stopped = [];
    private ChildProcess? _nginx;

    private Cluster(ITestOutputHelper output)
    {
        _output = output;
        _root = Path.Combine(Path.GetTempPath(), "shub-tests", "cluster-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_root);
        // nginx's workers (nobody, when nginx runs as root) read and write their temporary files in here.
        OpenUp(_root, (UnixFileMode)0b111_101_101);
        _rootRegistration = Cleanup.RegisterFolder(_root);
        _database = "shub_" + Guid.NewGuid().ToString("N");
        ChannelPrefix = "shub-test-" + Guid.NewGuid().ToString("N")[..12];
    }

    /// <summary>Whether a PostgreSQL server is there to run the cluster on (STAKEHOLDERHUB_PG).</summary>
    public static bool Available => Environment.GetEnvironmentVariable("STAKEHOLDERHUB_PG") is { Length: > 0 };

    private static string AdminConnectionString => Environment.GetEnvironmentVariable("STAKEHOLDERHUB_PG")!;

    /// <summary>The cluster's database, shared by the nodes.</summary>
    public string ConnectionString { get; private set; } = null!;

    public string ChannelPrefix { get; }

    public RedisServer Redis { get; private set; } = null!;

    public List<HubNode> Nodes { get; } = [];

    public HubNode A => Nodes[0];

    public HubNode B => Nodes[1];

    /// <summary>nginx's address: where every client of the test goes.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string FacilitatorToken { get; private set; } = null!;

    public string ProjectorToken { get; private set; } = null!;

    public string JoinCode { get; private set; } = null!;

    public long EventId { get; private set; }

    /// <summary>How long starting took (database, Redis, both nodes, nginx), for the test's figures.</summary>
    public TimeSpan Startup { get; private set; }

    /// <summary>
    /// Starts a cluster, runs <paramref name="test"/> on it and disposes it; when the test (or the start) fails the
    /// output of every program is written to the test's output, as it is always with STAKEHOLDERHUB_TEST_LOG=1.
    /// </summary>
    public static async Task Run(ITestOutputHelper output, Func<Cluster, Task> test, IReadOnlyDictionary<string, string>? settings = null)
    {
        var cluster = new Cluster(output);
        var failed = true;
        try
        {
            await cluster.StartAll(settings ?? new Dictionary<string, string>());
            await test(cluster);
            failed = false;
        }
        finally
        {
            await cluster.Stop(showOutput: failed || Cleanup.Echo);
        }
    }

    public void Log(string message) =>
        _output.WriteLine($"{_clock.Elapsed.TotalSeconds,7:0.000}s {message}");

    private async Task StartAll(IReadOnlyDictionary<string, string> settings)
    {
        var redisProgram = FindProgram("STAKEHOLDERHUB_REDIS_SERVER", "redis-server");
        var nginxProgram = FindProgram("STAKEHOLDERHUB_NGINX", "nginx");
        var app = Repository.HubDll;
        if (!File.Exists(app))
        {
            throw new XunitException($"The hub is not built: {app} is missing (dotnet build StakeholderHub.sln).");
        }

        using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.ExecuteAsync($"CREATE DATABASE {_database}");
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = _database }.ConnectionString;

        var redisFolder = Directory.CreateDirectory(Path.Combine(_root, "redis")).FullName;
        Redis = new RedisServer(redisProgram, redisFolder, ChildProcess.FreePort());
        await Redis.Start();

        // Each node has a data folder of its own, as on separate machines: the keys are in the shared database
        // (docs/deploy.md). Both start at once on the empty database; one makes the default event, the other finds it.
        var started = await Task.WhenAll(new[] { "A", "B" }.Select(name =>
            StartNode(name, app, Directory.CreateDirectory(Path.Combine(_root, $"data-{name}")).FullName, settings)));
        Nodes.AddRange(started);

        var links = await LinksOf(A);
        var linksOfB = await LinksOf(B);
        FacilitatorToken = HubServer.TokenOf(links["Facilitator (secret)"]);
        ProjectorToken = HubServer.TokenOf(links["Projector (secret)"]);
        JoinCode = links["Join code"];
        if (linksOfB["Join code"] != JoinCode)
        {
            throw new XunitException($"Node B made an event of its own ({linksOfB["Join code"]}) instead of finding node A's ({JoinCode}).");
        }

        await StartNginx(nginxProgram);
        Http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var facilitator = await BoardHttp.GetJson(Http, FacilitatorToken, "/api/snapshot");
        EventId = facilitator.GetProperty("event").GetProperty("id").GetInt64();
        Startup = _clock.Elapsed;
        Log($"cluster up in {Startup.TotalSeconds:0.0} s: redis {Redis.ConnectionString}, node A {A.Address}, node B {B.Address}, nginx {BaseUrl}, database {_database}");
    }

    private async Task<HubNode> StartNode(string name, string app, string data, IReadOnlyDictionary<string, string> settings)
    {
        var port = ChildProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["Storage__Provider"] = "postgres",
            ["Storage__ConnectionString"] = ConnectionString,
            ["Storage__DataPath"] = data,
            ["Redis__ConnectionString"] = Redis.ConnectionString,
            ["Redis__ChannelPrefix"] = ChannelPrefix,
            // One line per message, with its time, to read beside the test's own times.
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        var process = ChildProcess.Start($"node-{name}", "dotnet", [app], environment, Repository.Path("src", "StakeholderHub"));
        var node = new HubNode(name, port, process);
        using var http = new HttpClient { BaseAddress = node.BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new XunitException($"{node} exited while starting:\n{process.Tail(80)}");
            }

            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new XunitException($"{node} did not answer /health with 200 within 60 s:\n{process.Tail(80)}");
            }

            await Task.Delay(100);
        }

        Log($"{node} is healthy (pid {process.Id})");
        return node;
    }

    /// <summary>The links a node printed when it started (Welcome), by label.</summary>
    private static async Task<Dictionary<string, string>> LinksOf(HubNode node)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var links = new Dictionary<string, string>();
            foreach (var line in node.Process.Lines)
            {
                if (StartupOutput.LinkLine().Match(line) is { Success: true } match)
                {
                    links[match.Groups["label"].Value] = match.Groups["value"].Value;
                }
            }

            if (links.ContainsKey("Join code") && links.ContainsKey("Facilitator (secret)") && links.ContainsKey("Projector (secret)"))
            {
                return links;
            }

            if (DateTime.UtcNow > deadline || node.Process.HasExited)
            {
                throw new XunitException($"{node} printed no links:\n{node.Process.Tail(80)}");
            }

            await Task.Delay(50);
        }
    }

    private async Task StartNginx(string program)
    {
        var port = ChildProcess.FreePort();
        var folder = Directory.CreateDirectory(Path.Combine(_root, "nginx")).FullName;
        OpenUp(folder, (UnixFileMode)0b111_111_111);
        var config = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(config, RenderNginx(await File.ReadAllTextAsync(Repository.Path("deploy", "nginx.conf")), port, [.. Nodes.Select(n => n.Address)]));
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _nginx = ChildProcess.Start("nginx", program, ["-p", folder + "/", "-e", Path.Combine(folder, "error.log"), "-c", config, "-g", "daemon off;"]);
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (_nginx.HasExited)
            {
                throw new XunitException($"nginx exited while starting:\n{_nginx.Tail(40)}\n{ReadIfThere(Path.Combine(folder, "error.log"))}");
            }

            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new XunitException($"nginx did not pass /health on within 20 s:\n{_nginx.Tail(40)}\n{ReadIfThere(Path.Combine(folder, "error.log"))}");
            }

            await Task.Delay(50);
        }

        Log($"nginx is up at {BaseUrl} (pid {_nginx.Id})");
    }

    /// <summary>
    /// deploy/nginx.conf with these nodes in place of its `server 127.0.0.1:508x …;` lines (one line each, with the
    /// same parameters) and this port in place of 127.0.0.1:8080. Nothing else is changed.
    /// </summary>
    public static string RenderNginx(string template, int port, IReadOnlyList<string> nodes)
    {
        var lines = template.Split('\n').ToList();
        var servers = lines.Select((line, index) => (line, index)).Where(l => ServerLine().IsMatch(l.line)).ToList();
        if (servers.Count == 0)
        {
            throw new XunitException("deploy/nginx.conf has no `server 127.0.0.1:508x …;` line to put the nodes in.");
        }

        var first = ServerLine().Match(servers[0].line);
        foreach (var (_, index) in servers.AsEnumerable().Reverse())
        {
            lines.RemoveAt(index);
        }

        lines.InsertRange(servers[0].index, nodes.Select(node => $"{first.Groups["indent"].Value}server {node}{first.Groups["rest"].Value}"));
        var text = string.Join('\n', lines);
        const string Listen = "listen 127.0.0.1:8080;";
        if (text.Split(Listen).Length != 2)
        {
            throw new XunitException($"deploy/nginx.conf must have `{Listen}` once.");
        }

        return text.Replace(Listen, $"listen 127.0.0.1:{port};", StringComparison.Ordinal);
    }

    /// <summary>The node a token's requests reach through nginx now (nginx says so in X-StakeholderHub-Node).</summary>
    public async Task<HubNode> NodeOf(string token)
    {
        var response = await BoardHttp.Get(Http, token, "/health");
        response.EnsureSuccessStatusCode();
        var header = response.Headers.TryGetValues("X-StakeholderHub-Node", out var values) ? values.Single() : "";
        // After a retry nginx lists every node it tried: "127.0.0.1:5081, 127.0.0.1:5082"; the last one answered.
        var address = header.Split(',', StringSplitOptions.TrimEntries)[^1];
        return Nodes.SingleOrDefault(node => node.Address == address)
            ?? throw new XunitException($"nginx answered from \"{header}\", which is no node of this cluster.");
    }

    public HubNode Other(HubNode node) => node == A ? B : A;

    /// <summary>The node that broadcasts the event now (its /health lists the event under "broadcasts").</summary>
    public async Task<HubNode> Broadcaster()
    {
        foreach (var node in Nodes)
        {
            using var http = new HttpClient { BaseAddress = node.BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
            string text;
            try
            {
                text = await http.GetStringAsync("/health");
            }
            catch (HttpRequestException)
            {
                continue; // a node that was killed
            }

            using var health = System.Text.Json.JsonDocument.Parse(text);
            if (health.RootElement.GetProperty("broadcasts").EnumerateArray().Any(id => id.GetInt64() == EventId))
            {
                return node;
            }
        }

        throw new XunitException($"No node broadcasts event {EventId}.");
    }

    public async Task<Someone> Join(string name)
    {
        var joined = await BoardHttp.Post(Http, null, "/api/join", new { code = JoinCode, name, organisation = "CAP-City", country = "BE" });
        return new Someone(joined.GetProperty("token").GetString()!, joined.GetProperty("person").GetProperty("id").GetInt64(), name);
    }

    public async Task<Someone> Invite(string name, string organisation = "Stad Antwerpen")
    {
        var invited = await BoardHttp.Post(Http, FacilitatorToken, "/api/invites", new { name, organisation });
        return new Someone(HubServer.TokenOf(invited.GetProperty("link").GetString()!), invited.GetProperty("person").GetProperty("id").GetInt64(), name);
    }

    /// <summary>
    /// Participants whose token lands on each node, <paramref name="perNode"/> of them per node: people join (their
    /// tokens are random, so nginx's hash spreads them) until each node has enough; the extra ones are not used.
    /// </summary>
    public async Task<Dictionary<HubNode, List<Someone>>> JoinSpread(int perNode, string prefix = "Participant")
    {
        var spread = Nodes.ToDictionary(node => node, _ => new List<Someone>());
        var joined = 0;
        while (spread.Values.Any(list => list.Count < perNode))
        {
            if (joined > 4 * perNode * Nodes.Count + 20)
            {
                throw new XunitException($"After {joined} joins the nodes have {string.Join(", ", spread.Select(p => $"{p.Key.Name}: {p.Value.Count}"))}: nginx does not spread tokens.");
            }

            var batch = await Task.WhenAll(Enumerable.Range(joined + 1, 10).Select(i => Join($"{prefix} {i}")));
            joined += batch.Length;
            foreach (var someone in batch)
            {
                var list = spread[await NodeOf(someone.Token)];
                if (list.Count < perNode)
                {
                    list.Add(someone);
                }
            }
        }

        return spread;
    }

    /// <summary>A board client through nginx that reconnects by itself (quickly: a test waits for it) and syncs when back.</summary>
    public async Task<BoardClient> Connect(string token, string label)
    {
        var client = await BoardClient.Connect(BaseUrl, Http, token, label, new QuickReconnect());
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>SIGKILL to a node and its children, as `kill -9`.</summary>
    public void Kill(HubNode node)
    {
        node.Process.Kill();
        Log($"{node} killed (SIGKILL)");
    }

    /// <summary>A connection to the cluster's database, not yet open.</summary>
    public NpgsqlConnection Db() => new(ConnectionString);

    public async Task<long> EventVersion()
    {
        await using var db = Db();
        return await db.ExecuteScalarAsync<long>("SELECT version FROM events WHERE id = @EventId", new { EventId });
    }

    private async Task Stop(bool showOutput)
    {
        Log("stopping the cluster");
        List<BoardClient> clients;
        lock (_clients)
        {
            clients = [.. _clients];
        }

        try
        {
            await Task.WhenAll(clients.Select(async client => await client.DisposeAsync())).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception error)
        {
            _output.WriteLine($"Closing the clients: {error.Message}");
        }

        Http?.Dispose();
        var processes = new List<ChildProcess>();
        if (_nginx is not null)
        {
            processes.Add(_nginx);
        }

        processes.AddRange(Nodes.Select(node => node.Process));
        if (Redis is not null)
        {
            Redis.Stop();
            processes.AddRange(Redis.Processes);
        }

        foreach (var process in processes)
        {
            process.Kill();
        }

        if (showOutput)
        {
            foreach (var process in processes)
            {
                _output.WriteLine(process.Tail(300));
            }

            var errors = Path.Combine(_root, "nginx", "error.log");
            _output.WriteLine("----- nginx error.log\n" + ReadIfThere(errors));
        }

        try
        {
            NpgsqlConnection.ClearAllPools();
            using var admin = new NpgsqlConnection(AdminConnectionString);
            await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        }
        catch (Exception error)
        {
            _output.WriteLine($"Dropping {_database}: {error.Message}");
        }

        try
        {
            Directory.Delete(_root, recursive: true);
            Cleanup.Unregister(_rootRegistration);
        }
        catch (IOException error)
        {
            _output.WriteLine($"Removing {_root}: {error.Message}");
        }
    }

    public async ValueTask DisposeAsync() => await Stop(showOutput: Cleanup.Echo);

    private static void OpenUp(string folder, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, mode);
        }
    }

    private static string ReadIfThere(string path) => File.Exists(path) ? File.ReadAllText(path) : "(none)";

    private static string FindProgram(string variable, string name)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } given)
        {
            return given;
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"]);
        return path.Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists)
            ?? throw new XunitException($"{name} is not installed: the cluster tests need it (tests/run.sh installs it; by hand: source tests/services.sh && ensure_cluster_tools).");
    }



    [GeneratedRegex(@"^(?<indent>\s*)server 127\.0\.0\.1:508\d(?<rest>\s.*;|;)\s*$")]
    private static partial Regex ServerLine();
}

/// <summary>Reconnects at once, then every quarter to one second, for a minute: a test is waiting.</summary>
public sealed class QuickReconnect : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext context) =>
        context.ElapsedTime > TimeSpan.FromSeconds(60) ? null
        : context.PreviousRetryCount == 0 ? TimeSpan.Zero
        : TimeSpan.FromMilliseconds(Math.Min(1000, 250 * context.PreviousRetryCount));
}
