using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace StakeholderHub.Tests.Events;

/// <summary>The hub as the README starts it: its own process, an empty data folder, links printed on start.</summary>
public sealed partial class RunCommandTests : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "shub-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task AFirstStartPrintsWorkingLinksAndARestartPrintsTheSameOnes()
    {
        var first = await StartAndReadLinks();
        var second = await StartAndReadLinks();

        Assert.Equal(first.Links, second.Links);
        Assert.Matches("^[A-Z2-9]{6}$", first.Links["Join code"]);
        Assert.EndsWith($"/join?code={first.Links["Join code"]}", first.Links["Participants join at"]);
        Assert.Contains("Antwerp", first.Title);
        Assert.True(File.Exists(Path.Combine(_dataPath, "stakeholderhub.db")));
    }

    private async Task<(string Title, Dictionary<string, string> Links)> StartAndReadLinks()
    {
        var app = Repository.HubDll;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { app, "--urls", "http://127.0.0.1:0", "--Storage:DataPath", _dataPath },
            WorkingDirectory = Repository.Path("src", "StakeholderHub"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        try
        {
            var links = new Dictionary<string, string>();
            var title = "";
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!links.ContainsKey("Join code") && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("StakeholderHub is running: ", StringComparison.Ordinal))
                {
                    title = line["StakeholderHub is running: ".Length..];
                }
                else if (StartupOutput.LinkLine().Match(line) is { Success: true } match)
                {
                    links[match.Groups["label"].Value] = match.Groups["value"].Value;
                }
            }

            if (!links.ContainsKey("Join code"))
            {
                Assert.Fail($"The hub printed no links. It said: {await process.StandardError.ReadToEndAsync()}");
            }

            // The printed links work against the running process.
            using var http = new HttpClient();
            var join = await http.GetAsync(links["Participants join at"]);
            Assert.Equal(HttpStatusCode.OK, join.StatusCode);
            var facilitatorLink = new Uri(links["Facilitator (secret)"]);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(facilitatorLink, "/api/snapshot"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", HubServer.TokenOf(facilitatorLink.ToString()));
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);

            // The port is new each time; what a person keeps (the tokens and the code) is not.
            var stable = links.ToDictionary(pair => pair.Key, pair => Regex.Replace(pair.Value, @"127\.0\.0\.1:\d+", "host"));
            return (title, stable);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }



    public void Dispose()
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
