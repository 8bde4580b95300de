using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Xunit.Abstractions;

namespace StakeholderHub.Tests.Cluster;

/// <summary>
/// docs/deploy.md's own commands: deploy/local-cluster.sh brings up PostgreSQL, Redis, two nodes and nginx, prints
/// links that work through nginx, and stops and removes everything when it ends.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LocalClusterScriptTests(ITestOutputHelper output)
{
    [ClusterFact]
    public async Task TheScriptBringsUpTwoNodesBehindNginxAndTakesEverythingDownAgain()
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { Repository.Path("deploy", "local-cluster.sh") },
            WorkingDirectory = Repository.Path(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["STAKEHOLDERHUB_NO_BUILD"] = "1",
                ["STAKEHOLDERHUB_CONFIGURATION"] = Repository.BuildConfiguration,
                ["STAKEHOLDERHUB_CLUSTER_SECONDS"] = "10",
            },
        };
        using var process = Process.Start(start)!;
        var said = new List<string>();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                said.Add(line);
                if (line.StartsWith("Ctrl-C stops everything", StringComparison.Ordinal))
                {
                    break;
                }
            }

            if (!said.Any(l => l.StartsWith("Ctrl-C", StringComparison.Ordinal)))
            {
                Assert.Fail("The script did not come up:\n" + string.Join('\n', said) + await errors);
            }

            var facilitatorLink = said.Select(l => l.Trim()).Single(l => l.StartsWith("Facilitator (secret):", StringComparison.Ordinal));
            var link = new Uri(facilitatorLink["Facilitator (secret):".Length..].Trim());
            Assert.Equal("127.0.0.1:8080", link.Authority);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            foreach (var node in new[] { 5081, 5082 })
            {
                using var health = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{node}/health"));
                Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
                Assert.Equal("postgres", health.RootElement.GetProperty("store").GetString());
                Assert.Equal("redis", health.RootElement.GetProperty("backplane").GetString());
            }

            // The printed link's token opens the event through nginx, on whichever node it lands.
            using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:8080/api/snapshot");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", HubServer.TokenOf(link.ToString()));
            using var answer = await http.SendAsync(request);
            Assert.True(answer.IsSuccessStatusCode, $"{answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            Assert.Contains(answer.Headers.GetValues("X-StakeholderHub-Node").Single(), new[] { "127.0.0.1:5081", "127.0.0.1:5082" });

            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            var rest = await process.StandardOutput.ReadToEndAsync();
            output.WriteLine(string.Join('\n', said) + "\n" + rest);
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("Stopped: both nodes, nginx, Redis and PostgreSQL.", rest);
            foreach (var port in new[] { 5081, 5082, 6380, 8080 })
            {
                Assert.False(Listening(port), $"something still listens on {port} after the script ended");
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                // SIGTERM, so the script's trap stops what it started.
                Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
                process.WaitForExit(30_000);
            }
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
