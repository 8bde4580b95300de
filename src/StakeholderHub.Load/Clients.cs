using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace StakeholderHub.Load;

/// <summary>Only the head of a change batch: what a watcher needs to know it has seen a version.</summary>
public sealed record BatchHead(long EventId, long From, long To);

public sealed record AckDto(long Version, long? Id);

/// <summary>
/// One client's view of the versions: when each batch arrived (on the tool's monotonic clock) and up to which
/// version. SignalR calls one connection's handlers one at a time, so the list needs no lock while batches come.
/// </summary>
public sealed class Watcher
{
    private long _lastTo = -1;

    public List<(long To, long At)> Arrivals { get; } = new(1024);

    public int Gaps { get; private set; }

    public long LastTo => Volatile.Read(ref _lastTo);

    public void Seen(long from, long to)
    {
        var at = Stopwatch.GetTimestamp();
        var last = LastTo;
        if (to <= last)
        {
            return;
        }

        if (last >= 0 && from > last)
        {
            // A real client would call Sync here; the bench counts it, and a gap never happens in a healthy run.
            Gaps++;
        }

        Arrivals.Add((to, at));
        Volatile.Write(ref _lastTo, to);
    }
}

/// <summary>Builds lean SignalR clients: WebSockets straight away (no negotiate), small socket buffers.</summary>
public static class Clients
{
    public static readonly JsonSerializerOptions JsonOptions = Json.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static HubConnection Build(Uri hub, string? token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hub, HttpTransportType.WebSockets, options =>
            {
                options.SkipNegotiation = true;
                options.Transports = HttpTransportType.WebSockets;
                if (token is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }

                options.WebSocketConfiguration = socket =>
                {
                    socket.SetBuffer(4096, 4096);
                    socket.KeepAliveInterval = TimeSpan.FromSeconds(60);
                };
            })
            .AddJsonProtocol(options => options.PayloadSerializerOptions = JsonOptions)
            .Build();
        connection.HandshakeTimeout = TimeSpan.FromSeconds(60);
        connection.ServerTimeout = TimeSpan.FromSeconds(120);
        // The client's ping must come well inside the server's ClientTimeoutInterval (30 s), or a busy machine drops it.
        connection.KeepAliveInterval = TimeSpan.FromSeconds(15);
        return connection;
    }

    /// <summary>The watcher's handler: reads only the batch head.</summary>
    public static void Watch(HubConnection connection, Watcher watcher) =>
        connection.On<BatchHead>("Changes", batch => watcher.Seen(batch.From, batch.To));

    /// <summary>Opens many connections, a bounded number at a time; answers how long it took.</summary>
    public static async Task<TimeSpan> StartAll(IReadOnlyList<HubConnection> connections, int concurrency, CancellationToken cancel)
    {
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancel },
            async (connection, token) =>
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await connection.StartAsync(token);
                        return;
                    }
                    catch (Exception) when (attempt < 3 && !token.IsCancellationRequested)
                    {
                        await Task.Delay(500 * attempt, token);
                    }
                }
            });
        return Stopwatch.GetElapsedTime(started);
    }

    public static async Task StopAll(IEnumerable<HubConnection> connections) =>
        await Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (connection, _) =>
        {
            try
            {
                await connection.DisposeAsync();
            }
            catch (Exception)
            {
                // Stopping after the measurement: nothing to learn from a failure here.
            }
        });

    public static HttpClient Http(Uri baseUrl) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 256,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = baseUrl,
        Timeout = TimeSpan.FromSeconds(60),
    };
}

/// <summary>
/// Latencies in tenths of a millisecond up to a minute, counted in fixed buckets, so billions of samples cost no
/// memory; percentiles are exact to the bucket.
/// </summary>
public sealed class Histogram
{
    private const double Resolution = 0.1; // ms
    private readonly long[] _counts = new long[600_001];
    private double _max;

    public long Count { get; private set; }

    public void Add(double ms)
    {
        var bucket = (int)Math.Clamp(ms / Resolution, 0, _counts.Length - 1);
        _counts[bucket]++;
        Count++;
        if (ms > _max)
        {
            _max = ms;
        }
    }

    public void Add(Histogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        _max = Math.Max(_max, other._max);
    }

    public double Max => _max;

    public double Percentile(double p)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(p / 100 * Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return (i + 1) * Resolution;
            }
        }

        return _max;
    }

    public Latency Summary() => new(Count, Percentile(50), Percentile(90), Percentile(99), Count == 0 ? double.NaN : Max);
}

public sealed record Latency(long Samples, double P50, double P90, double P99, double Max);
