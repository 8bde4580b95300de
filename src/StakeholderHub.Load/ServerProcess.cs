using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace StakeholderHub.Load;

/// <summary>
/// A server under test in its own process, so its memory and CPU are its own: the built hub on a fresh data folder,
/// or the bare SignalR server of the broadcast baseline, or the redis-server of several nodes. Bound to 127.0.0.1 on
/// a free port.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly string? _dataPath;
    private readonly bool _keepData;

    private static readonly List<Process> Started = [];

    static ServerProcess()
    {
        // Stopped or interrupted (Ctrl+C, SIGTERM), the tool takes the servers it started down with it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillStarted();
        Console.CancelKeyPress += (_, _) => KillStarted();
    }

    private ServerProcess(Process process, Uri baseUrl, string? dataPath, bool keepData)
    {
        lock (Started)
        {
            Started.Add(process);
        }

        _process = process;
        BaseUrl = baseUrl;
        _dataPath = dataPath;
        _keepData = keepData;
    }

    public Uri BaseUrl { get; }

    public int Pid => _process.Id;

    public string? JoinCode { get; private set; }

    public string? FacilitatorToken { get; private set; }

    public string? ProjectorToken { get; private set; }

    public string? DatabasePath => _dataPath is null ? null : Path.Combine(_dataPath, "stakeholderhub.db");

    /// <summary>The hub's PostgreSQL database (its connection string) when it runs on one (<c>--postgres</c>).</summary>
    public string? PostgresDatabase { get; private set; }

    private string? _postgresServer;

    /// <summary>Opens the hub's store, not yet open: its SQLite file read-only, or its PostgreSQL database.</summary>
    public System.Data.Common.DbConnection OpenStore() => PostgresDatabase is { } database
        ? new Npgsql.NpgsqlConnection(database)
        : ReadOnlySqlite(DatabasePath!);

    public static System.Data.Common.DbConnection ReadOnlySqlite(string path) => new Microsoft.Data.Sqlite.SqliteConnection(
        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = path, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false }.ToString());

    /// <summary>
    /// Starts the hub (<c>dotnet StakeholderHub.dll</c>) and waits for the links it prints: on SQLite in a temporary
    /// data folder, or with <paramref name="postgres"/> on a new database made on that server.
    /// </summary>
    public static async Task<ServerProcess> StartHub(string serverDll, bool keepData, string? postgres = null, int? core = null)
    {
        var database = postgres is null ? null : await CreateDatabase(postgres);
        return await StartNode(serverDll, keepData, database, postgres, core, null);
    }

    /// <summary>
    /// Starts one hub process and waits for the links it prints. With <paramref name="database"/> it runs on that
    /// PostgreSQL database, which it drops when disposed if <paramref name="ownerOfDatabase"/> (the server it was made
    /// on) is given; <paramref name="environment"/> adds settings (the Redis backplane of several nodes).
    /// </summary>
    public static async Task<ServerProcess> StartNode(
        string serverDll, bool keepData, string? database, string? ownerOfDatabase, int? core, IReadOnlyDictionary<string, string>? environment)
    {
        var port = FreePort();
        var dataPath = Path.Combine(Path.GetTempPath(), "shub-load", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataPath);
        var url = $"http://127.0.0.1:{port}";
        var info = Dotnet(core);
        info.WorkingDirectory = Path.GetDirectoryName(serverDll)!;
        foreach (var arg in new[]
                 {
                     serverDll, "--urls", url, "--Hub:PublicUrl", url, "--Storage:DataPath", dataPath,
                     "--Logging:LogLevel:Default", "Warning", "--Logging:LogLevel:Microsoft.AspNetCore", "Error",
                     // The whole room joins from this one machine's address: the join budget is not what is measured.
                     "--Security:JoinBurst", "1000000",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        if (database is not null)
        {
            info.Environment["Storage__Provider"] = "postgres";
            info.Environment["Storage__ConnectionString"] = new Npgsql.NpgsqlConnectionStringBuilder(database) { Pooling = true }.ConnectionString;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var server = new ServerProcess(Process.Start(info)!, new Uri(url), dataPath, keepData)
        {
            PostgresDatabase = database,
            _postgresServer = ownerOfDatabase,
        };
        await server.WaitFor(line =>
        {
            if (Token(line, "Facilitator (secret):") is { } facilitator)
            {
                server.FacilitatorToken = facilitator;
            }
            else if (Token(line, "Projector (secret):") is { } projector)
            {
                server.ProjectorToken = projector;
            }
            else if (line.Trim().StartsWith("Join code:", StringComparison.Ordinal))
            {
                server.JoinCode = line.Trim()["Join code:".Length..].Trim();
            }

            return server.JoinCode is not null && server.FacilitatorToken is not null && server.ProjectorToken is not null;
        });
        return server;
    }

    /// <summary>Makes a database of its own on a PostgreSQL server; answers its connection string (no pooling).</summary>
    public static async Task<string> CreateDatabase(string postgres)
    {
        var name = $"shub_load_{Guid.NewGuid():N}";
        await using (var admin = new Npgsql.NpgsqlConnection(postgres))
        {
            await admin.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(postgres) { Database = name, Pooling = false }.ConnectionString;
    }

    /// <summary>Drops a database <see cref="CreateDatabase"/> made, with whoever is still connected to it.</summary>
    public static async Task DropDatabase(string postgres, string database)
    {
        try
        {
            await using var admin = new Npgsql.NpgsqlConnection(postgres);
            await admin.OpenAsync();
            var name = new Npgsql.NpgsqlConnectionStringBuilder(database).Database;
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        catch (Npgsql.NpgsqlException)
        {
        }
    }

    /// <summary>
    /// Starts <c>redis-server</c> (<paramref name="program"/>) on 127.0.0.1 at a free port with no persistence (no
    /// snapshots, no append-only file), its working folder a temporary one removed at dispose.
    /// </summary>
    public static async Task<ServerProcess> StartRedis(string program, int? core)
    {
        var port = FreePort();
        var folder = Path.Combine(Path.GetTempPath(), "shub-load", "redis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var info = new ProcessStartInfo(core is null ? program : "taskset")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        if (core is { } pinned)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(pinned.ToString(CultureInfo.InvariantCulture));
            info.ArgumentList.Add(program);
        }

        foreach (var arg in new[]
                 {
                     "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                     "--dir", folder, "--protected-mode", "no",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        var server = new ServerProcess(Process.Start(info)!, new Uri($"redis://127.0.0.1:{port}"), folder, false);
        await server.WaitFor(line => line.Contains("Ready to accept connections", StringComparison.Ordinal));
        return server;
    }

    /// <summary>The first program of that name in a folder of PATH, or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);

    /// <summary>Starts this tool as the bare SignalR server of the broadcast baseline.</summary>
    public static async Task<ServerProcess> StartBare(int? core = null)
    {
        var port = FreePort();
        var info = Dotnet(core);
        info.ArgumentList.Add(ToolDll());
        info.ArgumentList.Add("--bare-server");
        info.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        // The hub runs with the server GC of ASP.NET Core apps; so does its bare counterpart.
        info.Environment["DOTNET_gcServer"] = "1";
        var server = new ServerProcess(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}"), null, false);
        await server.WaitFor(line => line.Contains(BareServer.Ready, StringComparison.Ordinal));
        return server;
    }

    /// <summary>
    /// <c>dotnet</c>, or with a core <c>taskset -c core dotnet</c>: taskset sets the affinity and executes dotnet in
    /// the same process, so every thread the runtime makes stays on that core and the pid is the server's.
    /// </summary>
    private static ProcessStartInfo Dotnet(int? core)
    {
        var info = new ProcessStartInfo(core is null ? "dotnet" : "taskset")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (core is { } pinned)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(pinned.ToString(CultureInfo.InvariantCulture));
            info.ArgumentList.Add("dotnet");
        }

        return info;
    }

    /// <summary>
    /// Moves every thread of this process (<c>taskset -a -p</c>) to the cores other than <paramref name="serverCore"/>;
    /// threads made later inherit it. Answers the cores the tool now runs on.
    /// </summary>
    public static string PinTool(int serverCore)
    {
        var others = Enumerable.Range(0, Environment.ProcessorCount).Where(core => core != serverCore).ToList();
        if (others.Count == 0)
        {
            throw new InvalidOperationException("--pin needs two cores: one for the servers, one for the tool.");
        }

        var list = string.Join(',', others);
        var info = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-a", "-p", "-c", list, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        using var taskset = Process.Start(info)!;
        taskset.WaitForExit();
        if (taskset.ExitCode != 0)
        {
            throw new InvalidOperationException($"taskset could not pin the tool: {taskset.StandardError.ReadToEnd().Trim()}");
        }

        return list;
    }

    public ProcessSample Sample() => ProcessSample.Of(Pid);

    private static void KillStarted()
    {
        lock (Started)
        {
            foreach (var process in Started)
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                    }
                }
                catch (Exception error) when (error is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                }
            }
        }
    }

    /// <summary>This tool's dll, runnable by <c>dotnet</c>: where it runs from, or its own build when a test hosts it.</summary>
    private static string ToolDll()
    {
        var here = typeof(ServerProcess).Assembly.Location;
        if (File.Exists(Path.ChangeExtension(here, ".runtimeconfig.json")))
        {
            return here;
        }

        var folder = new DirectoryInfo(Path.GetDirectoryName(here)!);
        var framework = folder.Name;
        var configuration = folder.Parent!.Name;
        for (var up = folder; up is not null; up = up.Parent)
        {
            var candidate = Path.Combine(up.FullName, "src", "StakeholderHub.Load", "bin", configuration, framework, Path.GetFileName(here));
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Cannot find the built load tool (src/StakeholderHub.Load/bin/…).");
    }

    private async Task WaitFor(Func<string, bool> done)
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                if (_output.Count < 200)
                {
                    _output.Add(line);
                }

                if (!ready.Task.IsCompleted && done(line))
                {
                    ready.TrySetResult();
                }
            }
        }

        _process.OutputDataReceived += (_, e) => Read(e.Data);
        _process.ErrorDataReceived += (_, e) => Read(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var exited = _process.WaitForExitAsync();
        // Two minutes: a node that migrates or waits for another's lock on a loaded machine takes more than one.
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(120)));
        if (first != ready.Task)
        {
            string said;
            lock (_output)
            {
                said = string.Join(Environment.NewLine, _output);
            }

            await DisposeAsync();
            throw new InvalidOperationException($"The server did not start:{Environment.NewLine}{said}");
        }
    }

    private static string? Token(string line, string label)
    {
        var at = line.IndexOf(label, StringComparison.Ordinal);
        var token = line.IndexOf("#token=", StringComparison.Ordinal);
        return at >= 0 && token > at ? line[(token + "#token=".Length)..].Trim() : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (PostgresDatabase is { } database && _postgresServer is { } server && !_keepData)
        {
            await DropDatabase(server, database);
        }

        if (_dataPath is not null && !_keepData)
        {
            try
            {
                Directory.Delete(_dataPath, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

/// <summary>A process's memory and CPU as Linux counts them: peak and current resident set, CPU ticks used.</summary>
public readonly record struct ProcessSample(long PeakRssBytes, long RssBytes, double CpuSeconds, long Timestamp)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static ProcessSample Of(int pid)
    {
        long peak = 0, rss = 0;
        double cpu = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line) * 1024;
                }
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line) * 1024;
                }
            }

            // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14 and 15.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            cpu = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
        }

        return new ProcessSample(peak, rss, cpu, Stopwatch.GetTimestamp());
    }

    /// <summary>Cores used on average between two samples (1.0 is one core busy all the time).</summary>
    public static double Cores(ProcessSample from, ProcessSample to)
    {
        var wall = Stopwatch.GetElapsedTime(from.Timestamp, to.Timestamp).TotalSeconds;
        return wall <= 0 ? 0 : (to.CpuSeconds - from.CpuSeconds) / wall;
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}

/// <summary>
/// Samples processes every second: the busiest second's CPU of each, and of the first <c>summed</c> of them together
/// (several hub nodes, without the redis-server watched beside them).
/// </summary>
public sealed class ProcessWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly double[] _peaks;

    public ProcessWatch(int pid)
        : this([pid])
    {
    }

    public ProcessWatch(IReadOnlyList<int> pids, int? summed = null)
    {
        var together = summed ?? pids.Count;
        _peaks = new double[pids.Count];
        var first = pids.Select(ProcessSample.Of).ToArray();
        _loop = Task.Run(async () =>
        {
            var previous = first;
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(1000, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                var now = pids.Select(ProcessSample.Of).ToArray();
                var all = 0.0;
                for (var i = 0; i < now.Length; i++)
                {
                    var cores = ProcessSample.Cores(previous[i], now[i]);
                    _peaks[i] = Math.Max(_peaks[i], cores);
                    all += i < together ? cores : 0;
                }

                PeakCores = Math.Max(PeakCores, all);
                previous = now;
            }
        });
    }

    /// <summary>The busiest second of the summed processes together.</summary>
    public double PeakCores { get; private set; }

    /// <summary>The busiest second of the process at <paramref name="index"/> (read after disposing).</summary>
    public double PeakCoresOf(int index) => _peaks[index];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
