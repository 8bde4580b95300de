using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StakeholderHub.Cluster;

namespace StakeholderHub.Tests.Realtime;

/// <summary>
/// How a batch leaves the hub (docs/protocol.md, "Own entries"): the group's batch carries only the group's entries,
/// what is addressed to one person goes to that person alone (in the answer of their own call, or in an Own batch),
/// and a connection that stops reading is closed rather than holding up everyone else.
/// </summary>
public sealed class FanOutTests : BoardTest
{
    protected override Dictionary<string, string?>? Settings => new()
    {
        // A batch every 10 ms and at most eight waiting per connection: a socket that stops reading falls behind fast.
        ["Broadcast:MinIntervalMs"] = "10",
        ["Broadcast:MaxPendingBatches"] = "8",
        ["Test:SendBufferBytes"] = "8192",
        ["RateLimit:Burst"] = "1000",
        ["RateLimit:PerSecond"] = "1000",
    };

    [Fact]
    public async Task TheAnswerCarriesTheCallersOwnEntriesAndNoBatchRepeatsThem()
    {
        var owner = await Room.Connect(await Room.Invite("Katrien De Smet"));
        var proposal = await Room.CreateProposal(owner);
        var ana = await Room.Join("Ana");
        var phone = await Room.Connect(ana);
        var laptop = new Recorder(await Room.Bare(ana.Token));
        var bram = new Recorder(await Room.Bare((await Room.Join("Bram")).Token));
        var facilitator = new Recorder(await Room.Bare(Server.FacilitatorToken));

        var phoneWire = new Recorder(phone.Connection);
        if (TestStore.Postgres)
        {
            // On the shared store the node that broadcasts the event reads the changes back from the database, where
            // whose answer carried them is not kept: it notes that when its own writer commits them. So the upvote is
            // made once this node has taken the event.
            var broadcaster = Server.Services.GetRequiredService<SharedBroadcaster>();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (broadcaster.Broadcasting.Count == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the node to take the event");
                await Task.Delay(20);
            }
        }

        var answer = await phone.Invoke("UpvoteProposal", proposal);
        var version = answer.GetProperty("version").GetInt64();

        // The answer carries what is now Ana's on that proposal (a delta of her `mine`), at the change's version.
        var own = answer.GetProperty("changes").EnumerateArray().ToList();
        var mine = Assert.Single(own, change => change.GetProperty("kind").GetString() == "mine.proposal");
        Assert.Equal(version, mine.GetProperty("version").GetInt64());
        Assert.Equal(proposal, mine.GetProperty("data").GetProperty("proposalId").GetInt64());
        Assert.True(mine.GetProperty("data").GetProperty("upvoted").GetBoolean());
        Assert.Contains(proposal, phone.Read(c => c.Mine!["upvotedProposals"]!.AsArray().Select(id => id!.GetValue<long>()).ToList()));

        // Ana's other device hears it in an Own batch; the phone that asked does not hear it again.
        await laptop.WaitFor(() => laptop.Own.Any(batch => Entries(batch).Any(c => c.Kind == "mine.proposal" && c.Version == version)), "the laptop's own mine");
        await phone.WaitUntil(c => c.Version >= version, "the phone at the version");
        await bram.WaitFor(() => bram.To >= version, "Bram at the version");
        await facilitator.WaitFor(() => facilitator.To >= version, "the facilitator at the version");
        await Task.Delay(200);
        Assert.DoesNotContain(phoneWire.Own.SelectMany(Entries), c => c.Version == version);

        // No group batch carries an entry addressed to one person; nobody else hears Ana's mine.
        foreach (var recorder in new[] { phoneWire, laptop, bram, facilitator })
        {
            Assert.DoesNotContain(recorder.Changes.SelectMany(Entries), c => c.Kind.StartsWith("mine", StringComparison.Ordinal) || c.Kind is "poll.mine" or "reflection");
        }

        Assert.DoesNotContain(bram.Own.SelectMany(Entries), c => c.Kind.StartsWith("mine", StringComparison.Ordinal));
        Assert.DoesNotContain(facilitator.Own.SelectMany(Entries), c => c.Kind.StartsWith("mine", StringComparison.Ordinal));
        // The count is the room's: everyone's batch has it.
        Assert.Contains(bram.Changes.SelectMany(Entries), c => c.Kind == "proposal.counts" && c.Version == version);
    }

    [Fact]
    public async Task AConnectionThatStopsReadingIsClosedAndTheRoomKeepsUp()
    {
        var facilitator = await Room.Connect(Server.FacilitatorToken, "facilitator");
        var owner = await Room.Connect(await Room.Invite("Katrien De Smet"));
        var proposals = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            proposals.Add(await Room.CreateProposal(owner));
        }

        var watchers = await Room.Crowd(3);
        var sleeper = await Room.Join("Asleep");
        using var paused = await PausedConnection.Open(Server.BaseUrl, sleeper.Token);

        // Long edits, each its own entry: the sleeping socket's buffers fill within a few dozen batches.
        var summary = new string('x', 1500);
        Acked last = default;
        for (var round = 0; round < 250; round++)
        {
            var edits = proposals.Select((id, i) => owner.Call("EditProposal", id, Room.ProposalInput($"Proposal {i} ({round})", ("summary", summary))));
            last = (await Task.WhenAll(edits)).MaxBy(ack => ack.Version);
        }

        // The room saw every edit, however the sleeper was doing.
        await Room.AllReach(watchers, c => c.Version >= last.Version, "every watcher at the last edit");
        await facilitator.WaitUntil(c => c.Version >= last.Version, "the facilitator at the last edit");

        // The server closed the sleeper's connection: reading it now comes to its end.
        Assert.True(await paused.ClosedWithin(TimeSpan.FromSeconds(20)), "the sleeping connection was not closed");

        // The sleeper's client comes back as after any drop: a new connection and Sync from what it had.
        var back = await Room.Connect(sleeper);
        await back.WaitUntil(c => c.Version >= last.Version, "the sleeper back at the last edit");
        Assert.Equal($"Proposal 4 (249)", back.Proposals[proposals[4]]["title"]!.GetValue<string>());
    }

    private static IEnumerable<(long Version, string Kind)> Entries(JsonElement batch) =>
        batch.GetProperty("changes").EnumerateArray().Select(c => (c.GetProperty("version").GetInt64(), c.GetProperty("kind").GetString()!));

    /// <summary>A bare connection's raw Changes and Own batches, as they arrived.</summary>
    private sealed class Recorder
    {
        private readonly object _gate = new();
        private readonly List<JsonElement> _changes = [];
        private readonly List<JsonElement> _own = [];

        public Recorder(HubConnection connection)
        {
            connection.On<JsonElement>("Changes", batch =>
            {
                lock (_gate)
                {
                    _changes.Add(batch.Clone());
                }
            });
            connection.On<JsonElement>("Own", batch =>
            {
                lock (_gate)
                {
                    _own.Add(batch.Clone());
                }
            });
        }

        public List<JsonElement> Changes
        {
            get
            {
                lock (_gate)
                {
                    return [.. _changes];
                }
            }
        }

        public List<JsonElement> Own
        {
            get
            {
                lock (_gate)
                {
                    return [.. _own];
                }
            }
        }

        public long To => Changes.Select(batch => batch.GetProperty("to").GetInt64()).DefaultIfEmpty(0).Max();

        public async Task WaitFor(Func<bool> condition, string what)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!condition())
            {
                Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}");
                await Task.Delay(20);
            }
        }
    }

    /// <summary>
    /// A WebSocket to the hub, made by hand over a socket with a small receive buffer, that reads the handshake's
    /// answer and then nothing more: a phone that stopped reading.
    /// </summary>
    private sealed class PausedConnection : IDisposable
    {
        private readonly Socket _socket;
        private readonly WebSocket _webSocket;

        private PausedConnection(Socket socket, WebSocket webSocket)
        {
            _socket = socket;
            _webSocket = webSocket;
        }

        public static async Task<PausedConnection> Open(Uri baseUrl, string token)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 2048 };
            await socket.ConnectAsync(baseUrl.Host, baseUrl.Port);
            var stream = new NetworkStream(socket, ownsSocket: false);
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            var request = $"GET /hubs/session?access_token={Uri.EscapeDataString(token)} HTTP/1.1\r\nHost: {baseUrl.Authority}\r\n"
                          + $"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                Assert.Equal(1, await stream.ReadAsync(one));
                head.Append((char)one[0]);
            }

            Assert.StartsWith("HTTP/1.1 101", head.ToString(), StringComparison.Ordinal);
            var webSocket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { KeepAliveInterval = Timeout.InfiniteTimeSpan });
            await webSocket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), WebSocketMessageType.Text, true, CancellationToken.None);
            var buffer = new byte[256];
            var answer = await webSocket.ReceiveAsync(buffer, CancellationToken.None);
            Assert.Equal("{}\u001e", Encoding.UTF8.GetString(buffer, 0, answer.Count));
            return new PausedConnection(socket, webSocket);
        }

        /// <summary>Reads everything the server had sent; true if the connection then ends within <paramref name="limit"/>.</summary>
        public async Task<bool> ClosedWithin(TimeSpan limit)
        {
            using var timeout = new CancellationTokenSource(limit);
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    var read = await _webSocket.ReceiveAsync(buffer, timeout.Token);
                    if (read.MessageType == WebSocketMessageType.Close)
                    {
                        return true;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            catch (Exception error) when (error is WebSocketException or IOException or SocketException)
            {
                // Closed without a close frame (aborted): ended all the same.
                return true;
            }
        }

        public void Dispose()
        {
            _webSocket.Dispose();
            _socket.Dispose();
        }
    }
}
