using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StakeholderHub.Agenda;
using StakeholderHub.Events;
using StakeholderHub.Realtime;

namespace StakeholderHub.Tests;

/// <summary>
/// A client that behaves as docs/protocol.md asks: it starts from a snapshot, applies batches in version order,
/// and calls Sync when it sees a gap or comes back after a reconnect.
/// </summary>
public sealed class TestClient : IAsyncDisposable
{
    private readonly HubServer _server;
    private readonly string _token;
    private readonly SemaphoreSlim _apply = new(1, 1);
    private readonly List<Action> _waiters = [];

    public TestClient(HubServer server, string token)
    {
        _server = server;
        _token = token;
        Connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseUrl, "/hubs/session"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(_token))
            .AddJsonProtocol(options => Json.Configure(options.PayloadSerializerOptions))
            .Build();
        Connection.On<ChangeBatch>(nameof(ISessionClient.Changes), batch => _ = Receive(batch));
        Connection.On<ChangeBatch>(nameof(ISessionClient.Own), OwnBatches.Enqueue);
    }

    public HubConnection Connection { get; }

    public long Version { get; private set; }

    public EventAgenda? Agenda { get; private set; }

    public long Participants { get; private set; }

    /// <summary>Every batch as it arrived, and every entry this client applied, in order.</summary>
    public ConcurrentQueue<ChangeBatch> Batches { get; } = new();

    public ConcurrentQueue<Change> Applied { get; } = new();

    /// <summary>Every Own batch (the entries addressed to this person alone) as it arrived.</summary>
    public ConcurrentQueue<ChangeBatch> OwnBatches { get; } = new();

    public int Syncs { get; private set; }

    public AgendaItem? Current => Agenda?.Items.FirstOrDefault(item => item.Id == Agenda.CurrentId);

    public async Task Start()
    {
        Reset(await _server.Snapshot(_token));
        await Connection.StartAsync();
        // Anything committed between the snapshot and the connection is caught up here.
        await Sync();
    }

    public Task<T> Invoke<T>(string method, params object?[] args) => Connection.InvokeCoreAsync<T>(method, args);

    public async Task Sync()
    {
        var result = await Connection.InvokeAsync<SyncResult>("Sync", Version);
        Syncs++;
        await _apply.WaitAsync();
        try
        {
            if (result.Snapshot is { } snapshot)
            {
                Reset(snapshot);
            }
            else
            {
                ApplyLocked(result.Batch!);
            }
        }
        finally
        {
            _apply.Release();
        }

        Notify();
    }

    /// <summary>Waits until <paramref name="condition"/> holds for this client's state.</summary>
    public async Task WaitUntil(Func<TestClient, bool> condition, int timeoutMs = 5000)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (condition(this))
            {
                done.TrySetResult();
            }
        }

        lock (_waiters)
        {
            _waiters.Add(Check);
        }

        Check();
        try
        {
            await done.Task.WaitAsync(TimeSpan.FromMilliseconds(timeoutMs));
        }
        finally
        {
            lock (_waiters)
            {
                _waiters.Remove(Check);
            }
        }
    }

    private async Task Receive(ChangeBatch batch)
    {
        Batches.Enqueue(batch);
        bool gap;
        await _apply.WaitAsync();
        try
        {
            gap = batch.From > Version;
            if (!gap)
            {
                ApplyLocked(batch);
            }
        }
        finally
        {
            _apply.Release();
        }

        if (gap)
        {
            await Sync();
        }

        Notify();
    }

    private void ApplyLocked(ChangeBatch batch)
    {
        if (batch.To <= Version)
        {
            return;
        }

        foreach (var change in batch.Changes.Where(change => change.Version > Version))
        {
            Applied.Enqueue(change);
            switch (change.Kind)
            {
                case "agenda":
                    Agenda = change.Data.Deserialize<EventAgenda>(Json.Options);
                    break;
                case "attendance":
                    Participants = change.Data.GetProperty("participants").GetInt64();
                    break;
            }
        }

        Version = batch.To;
    }

    private void Reset(Snapshot snapshot)
    {
        Version = snapshot.Version;
        Agenda = snapshot.Agenda;
        Participants = snapshot.Attendance.Participants;
    }

    private void Notify()
    {
        Action[] waiters;
        lock (_waiters)
        {
            waiters = [.. _waiters];
        }

        foreach (var waiter in waiters)
        {
            waiter();
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
