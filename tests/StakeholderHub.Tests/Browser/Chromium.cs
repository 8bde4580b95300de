using Microsoft.Playwright;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// Debian's Chromium, driven by Playwright's own driver from its NuGet package: nothing is downloaded. The test
/// command installs Chromium; STAKEHOLDERHUB_CHROMIUM may point elsewhere.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> _violations = [];
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("STAKEHOLDERHUB_CHROMIUM") is { Length: > 0 } configured
            ? configured
            : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium is not at {executable}. Run the tests with tests/run.sh, which installs it.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>
    /// A separate browser profile: its own storage, as another device in the room would have. Close it with
    /// <see cref="IBrowserContext.CloseAsync"/> (via <c>page.Context</c>) before the server stops.
    /// </summary>
    public async Task<IPage> NewDevice(int width = 1280, int height = 800, string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
        });
        var page = await context.NewPageAsync();
        var violations = _violations.GetOrCreateValue(page);
        // Chromium reports every Content-Security-Policy violation as a console error ("Refused to … because it
        // violates the following Content Security Policy directive …").
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (violations)
                {
                    violations.Add($"{page.Url}: {message.Text}");
                }
            }
        };
        return page;
    }

    /// <summary>The Content-Security-Policy violations a device made so far.</summary>
    public IReadOnlyList<string> CspViolations(IPage page)
    {
        var violations = _violations.GetOrCreateValue(page);
        lock (violations)
        {
            return [.. violations];
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Chromium>
{
    public const string Name = "Browser";
}
