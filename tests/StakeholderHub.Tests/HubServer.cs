using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StakeholderHub.Events;

namespace StakeholderHub.Tests;

/// <summary>
/// The real app on Kestrel at 127.0.0.1 on a free port, with its own data folder. It can be stopped and started
/// again on the same folder, as a restart would.
/// </summary>
public sealed class HubServer : IAsyncDisposable
{
    private WebApplication? _app;
    private readonly Dictionary<string, string?> _settings;
    private readonly TestLog? _log;
    private readonly TimeProvider? _clock;

    private HubServer(string dataPath, Dictionary<string, string?> settings, TestLog? log, TimeProvider? clock)
    {
        DataPath = dataPath;
        _settings = settings;
        _log = log;
        _clock = clock;
        Store = TestStore.Create(dataPath);
    }

    public string DataPath { get; }

    /// <summary>The server's store (SQLite in the data folder, or its own PostgreSQL database: <see cref="TestStore"/>).</summary>
    public TestStore Store { get; }

    /// <summary>A connection to the server's store, not yet open.</summary>
    public System.Data.Common.DbConnection Db() => Store.Open();

    public Uri BaseUrl { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The Antwerp afternoon session that every new data folder starts with.</summary>
    public EventService.Created DefaultEvent { get; private set; } = null!;

    public string FacilitatorToken => DefaultEvent.FacilitatorToken;

    public string ProjectorToken => DefaultEvent.ProjectorToken;

    public string JoinCode => DefaultEvent.Event.JoinCode;

    public IServiceProvider Services => _app!.Services;

    /// <summary>
    /// Starts a hub; with <paramref name="log"/>, everything it logs (every level) is kept there; with
    /// <paramref name="clock"/>, the hub's <see cref="TimeProvider"/> is that clock (a test moves it).
    /// </summary>
    public static async Task<HubServer> Start(Dictionary<string, string?>? settings = null, string? dataPath = null, TestLog? log = null,
        TimeProvider? clock = null)
    {
        var server = new HubServer(
            dataPath ?? Path.Combine(Path.GetTempPath(), "shub-tests", Guid.NewGuid().ToString("N")),
            settings ?? [], log, clock);
        await server.StartApp();
        return server;
    }

    /// <summary>Stops the hub (its connections closed, so SQLite has checkpointed its WAL into the database file).</summary>
    public async Task Stop()
    {
        await StopApp();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public async Task Restart()
    {
        await StopApp();
        await StartApp();
    }

    /// <summary>The app as Program.cs makes it, on 127.0.0.1 with a free port, built but not started.</summary>
    public static WebApplication Build(string dataPath, IReadOnlyDictionary<string, string?>? settings = null, TestStore? store = null, TestLog? log = null,
        TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = Repository.Path("src", "StakeholderHub"),
            EnvironmentName = "Testing",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var all = new Dictionary<string, string?>(store?.Settings ?? new Dictionary<string, string?>());
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        all["Storage:DataPath"] = dataPath;
        builder.Configuration.AddInMemoryCollection(all);
        if (all.TryGetValue("Test:SendBufferBytes", out var sendBuffer) && int.TryParse(sendBuffer, out var bytes))
        {
            // A small kernel send buffer on every accepted socket (inherited from the listening one, which also stops
            // Linux from growing it to megabytes on loopback): a client that stops reading backs up within kilobytes.
            builder.WebHost.UseSockets(options => options.CreateBoundListenSocket = endpoint =>
            {
                var socket = Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets.SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
                socket.SendBufferSize = bytes;
                return socket;
            });
        }
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("STAKEHOLDERHUB_TEST_LOG") is { Length: > 0 })
        {
            // The server's errors on the console, for finding out why a test failed.
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        }

        if (log is not null)
        {
            // Everything, whatever appsettings.json filters for the real providers.
            builder.Logging.AddProvider(log).AddFilter<TestLog>(null, LogLevel.Trace);
        }

        builder.AddStakeholderHub();
        if (clock is not null)
        {
            // Registered last, so every service that takes a TimeProvider gets this one.
            builder.Services.AddSingleton(clock);
        }

        var app = builder.Build();
        app.MapStakeholderHub();
        return app;
    }

    private async Task StartApp()
    {
        _app = Build(DataPath, _settings, Store, _log, _clock);
        await _app.StartAsync();

        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address);
        Http = new HttpClient { BaseAddress = BaseUrl };
        // Generous: on a loaded 2-core machine a PostgreSQL store that just ran its migrations can take a while to commit it.
        DefaultEvent = await _app.Services.GetRequiredService<Welcome>().DefaultEvent.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task StopApp()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public string FacilitatorKey => Services.GetRequiredService<IOptions<HubOptions>>().Value.FacilitatorKey!;

    /// <summary>Creates another event through the API; the tokens are read from the links it answers with.</summary>
    public async Task<(CreatedEvent Event, string FacilitatorToken, string ProjectorToken)> CreateEvent(string title, string? template = null)
    {
        var response = await CreateEventRequest(new { title, template }, FacilitatorKey);
        response.EnsureSuccessStatusCode();
        var created = (await response.Content.ReadFromJsonAsync<CreatedEvent>(Json.Options))!;
        return (created, TokenOf(created.Links.Facilitator), TokenOf(created.Links.Projector));
    }

    public async Task<HttpResponseMessage> CreateEventRequest(object body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("X-Facilitator-Key", key);
        }

        return await Http.SendAsync(request);
    }

    public static string TokenOf(string link) => link[(link.IndexOf("#token=", StringComparison.Ordinal) + "#token=".Length)..];

    public async Task<Joined> Join(string name = "Ana Peeters", string organisation = "CAP-City", string country = "BE", string? requestId = null)
    {
        var response = await Http.PostAsJsonAsync("/api/join", new { code = JoinCode, name, organisation, country, requestId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Joined>(Json.Options))!;
    }

    public async Task<Snapshot> Snapshot(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/snapshot");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Snapshot>(Json.Options))!;
    }

    public async Task<TestClient> Connect(string token)
    {
        var client = new TestClient(this, token);
        await client.Start();
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await StopApp();
        Store.Drop();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public static class Repository
{
    private static readonly string Root = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The tests run from tests/…/bin/&lt;configuration&gt;/net10.0/, beside the app built in the same configuration.</summary>
    public static string BuildConfiguration =>
        new DirectoryInfo(System.IO.Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    /// <summary>The built hub, to start as a process of its own (<c>dotnet StakeholderHub.dll</c>).</summary>
    public static string HubDll => Path("src", "StakeholderHub", "bin", BuildConfiguration, "net10.0", "StakeholderHub.dll");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "StakeholderHub.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
    }
}

/// <summary>What the hub prints at start: a line "  Label:  value" per link.</summary>
public static partial class StartupOutput
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^\s+(?<label>[A-Za-z ()]+):\s+(?<value>\S+)$")]
    public static partial System.Text.RegularExpressions.Regex LinkLine();
}
