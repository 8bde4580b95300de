using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using StakeholderHub.Agenda;
using StakeholderHub.Realtime;
using static Microsoft.Playwright.Assertions;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// The room screen read from the back row: with every text at its length limit, in each of its views and at the three
/// projector sizes, nothing is clipped, the page does not scroll and the smallest text at 1080p is at least 24 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProjectorInTheBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    private static readonly (int Width, int Height)[] Sizes = [(1920, 1080), (1280, 720), (1024, 768)];

    private const string Prose =
        "Youth workers learn a great deal on the job; open badges make that learning visible to employers and schools. " +
        "We look for two more cities with a youth service that issues badges, and for a university that evaluates them. ";

    /// <summary>Real words and sentences, exactly <paramref name="length"/> characters long.</summary>
    public static string Text(int length, string seed = "")
    {
        var text = string.Concat(Enumerable.Repeat(seed + Prose, length / Prose.Length + 2))[..length];
        return text.EndsWith(' ') ? text[..^1] + "." : text;
    }

    private sealed record WorstCase(string FacilitatorToken, string ProjectorToken, long QuestionId, long PitchId);

    /// <summary>An event whose every field on the room screen is at its limit, a pitch running, its questions asked.</summary>
    private async Task<WorstCase> FullToTheLimits()
    {
        var (created, facilitatorToken, projectorToken) = await Server.CreateEvent(Text(120, "Stakeholder afternoon: "));
        await using var facilitator = await Server.Connect(facilitatorToken);
        var proposals = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/invites")
            {
                Content = JsonContent.Create(new { name = Text(80, $"Speaker {i} "), organisation = Text(120, $"Organisation {i} ") }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", facilitatorToken);
            var response = await Server.Http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            using var invited = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            await using var stakeholder = await Server.Connect(HubServer.TokenOf(invited.RootElement.GetProperty("link").GetString()!));
            var proposal = await stakeholder.Invoke<Ack>("CreateProposal", new
            {
                title = Text(120, $"Proposal {i}: "),
                summary = Text(2000),
                partnersSought = Text(500, "Cities of Learning, universities and youth centres. "),
                countries = new[] { "BE", "NL", "PT", "FI" },
                themes = new[] { "recognition" },
                tags = new[] { "badges" },
                agendaItemId = (long?)null,
                requestId = Guid.NewGuid().ToString(),
            });
            proposals.Add(proposal.Id!.Value);
        }

        var questions = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var response = await Server.Http.PostAsJsonAsync("/api/join", new { code = created.JoinCode, name = Text(80, $"Participant {i} "), organisation = Text(120), country = "BE" });
            response.EnsureSuccessStatusCode();
            var joined = (await response.Content.ReadFromJsonAsync<StakeholderHub.Events.Joined>(Json.Options))!;
            await using var participant = await Server.Connect(joined.Token);
            foreach (var id in proposals.Take(4 - i))
            {
                await participant.Invoke<Ack>("UpvoteProposal", id);
            }

            await participant.Invoke<Ack>("JoinProposal", proposals[0], new { intent = "partner", note = "", shareContact = false });
            for (var q = 0; q < 2; q++)
            {
                var asked = await participant.Invoke<Ack>("AskQuestion", new
                {
                    text = Text(500, $"Question {i}.{q}: "),
                    target = new { kind = "proposal", id = proposals[0] },
                    anonymous = false,
                    requestId = Guid.NewGuid().ToString(),
                });
                questions.Add(asked.Id!.Value);
            }
        }

        await facilitator.Invoke<Ack>("AnswerQuestion", questions[0], new { text = Text(2000, "Yes. "), live = false });
        var block = (await facilitator.Invoke<Ack>("AddAgendaItem", new AgendaItemInput(Text(120, "Pitches: "), Text(80), Text(120), "proposals", 45))).Id!.Value;
        var pitch = (await facilitator.Invoke<Ack>("AddPitch", block, new PitchInput(null, proposals[0], null, null, 5))).Id!.Value;
        await facilitator.Invoke<Ack>("AddPitch", block, new PitchInput(null, proposals[1], null, null, 5));
        await facilitator.Invoke<Ack>("StartPitch", pitch);
        return new WorstCase(facilitatorToken, projectorToken, questions[0], pitch);
    }

    [Fact]
    public async Task EveryViewFitsTheThreeProjectorSizesWithEveryTextAtItsLimit()
    {
        var worst = await FullToTheLimits();
        await using var facilitator = await Server.Connect(worst.FacilitatorToken);
        var screens = new List<(IPage Page, int Width, int Height)>();
        foreach (var (width, height) in Sizes)
        {
            var page = await NewDevice(width, height);
            await page.GotoAsync(new Uri(Server.BaseUrl, $"/projector#token={worst.ProjectorToken}").ToString());
            await Expect(page.GetByTestId("connection-status")).ToHaveAttributeAsync("data-state", "live");
            screens.Add((page, width, height));
        }

        var folder = Environment.GetEnvironmentVariable("STAKEHOLDERHUB_SCREENSHOTS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Directory.CreateTempSubdirectory("stakeholderhub-screenshots").FullName;
        Directory.CreateDirectory(folder);

        // Auto follows the pitch: the spotlight.
        var problems = new List<string>();
        await Check(screens, "spotlight", folder, problems);
        await facilitator.Invoke<Ack>("SetProjector", new ProjectorInput("board", "small"));
        await Check(screens, "board", folder, problems);
        await facilitator.Invoke<Ack>("ShowQuestion", worst.QuestionId);
        await facilitator.Invoke<Ack>("SetProjector", new ProjectorInput("question", "shown"));
        await Check(screens, "question", folder, problems);
        await facilitator.Invoke<Ack>("SetProjector", new ProjectorInput("qr", "shown"));
        await Check(screens, "qr", folder, problems);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static async Task Check(List<(IPage Page, int Width, int Height)> screens, string view, string folder, List<string> found)
    {
        foreach (var (page, width, height) in screens)
        {
            await Expect(page.Locator("main")).ToHaveAttributeAsync("data-view", view, new() { Timeout = 15_000 });
            // The fit runs after the render; a countdown tick later it has settled.
            await page.WaitForTimeoutAsync(400);
            var report = await page.EvaluateAsync<JsonElement>(Measure);
            found.AddRange(report.GetProperty("problems").EnumerateArray().Select(p => $"{view} at {width}×{height}: {p.GetString()}"));
            if (width == 1920)
            {
                var smallest = report.GetProperty("smallest").GetDouble();
                if (smallest < 24)
                {
                    found.Add($"{view} at 1080p: the smallest text is {smallest} px");
                }

                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"projector-{view}.png") });
            }
            else
            {
                // The smaller sizes, to look at, beside the test's other files.
                var smaller = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "stakeholderhub-projector")).FullName;
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(smaller, $"projector-{view}-{width}.png") });
            }
        }
    }

    /// <summary>
    /// Every visible element with text of its own: inside the window and inside every box that clips it, its scroll size
    /// within its client size (1 px slack), and the smallest font size; the page itself does not scroll.
    /// </summary>
    private const string Measure = """
        () => {
          const problems = [];
          const root = document.documentElement;
          if (root.scrollHeight > root.clientHeight || root.scrollWidth > root.clientWidth) problems.push(`the page scrolls: ${root.scrollWidth}×${root.scrollHeight}`);
          let smallest = Infinity;
          for (const node of document.querySelectorAll('main *')) {
            if (![...node.childNodes].some(c => c.nodeType === Node.TEXT_NODE && c.textContent.trim())) continue;
            const rect = node.getBoundingClientRect();
            const style = getComputedStyle(node);
            // Hidden, or visually hidden for screen readers (1×1).
            if (rect.width <= 1 || rect.height <= 1 || style.visibility === 'hidden') continue;
            const name = `${node.dataset.testid || node.className || node.tagName} "${node.textContent.slice(0, 30)}"`;
            smallest = Math.min(smallest, parseFloat(style.fontSize));
            if (style.display !== 'inline' && (node.scrollWidth > node.clientWidth + 1 || node.scrollHeight > node.clientHeight + 1))
              problems.push(`${name} clipped: ${node.scrollWidth}×${node.scrollHeight} in ${node.clientWidth}×${node.clientHeight}`);
            if (rect.left < -1 || rect.top < -1 || rect.right > innerWidth + 1 || rect.bottom > innerHeight + 1)
              problems.push(`${name} outside the window`);
            for (let box = node.parentElement; box && box !== document.body; box = box.parentElement) {
              if (getComputedStyle(box).overflow === 'visible') continue;
              const outer = box.getBoundingClientRect();
              if (rect.bottom > outer.bottom + 1 || rect.right > outer.right + 1 || rect.top < outer.top - 1 || rect.left < outer.left - 1) {
                problems.push(`${name} cut by ${box.dataset.testid || box.className}`);
                break;
              }
            }
          }
          return { problems, smallest };
        }
        """;
}
