using Microsoft.Playwright;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// A server test with browser devices: pages opened here are closed before the server stops. Subclasses join
/// <see cref="BrowserCollection"/> to share the one Chromium.
/// </summary>
public abstract class BrowserTest(Chromium chromium) : ServerTest
{
    private readonly List<IPage> _devices = [];

    /// <summary>
    /// Closes the devices and stops the server, then fails the test if any page broke the Content-Security-Policy: a
    /// violation means something the page needs was blocked, so every browser test checks the policy too.
    /// </summary>
    public override async Task DisposeAsync()
    {
        List<IPage> devices;
        lock (_devices)
        {
            devices = [.. _devices];
        }

        var violations = devices.SelectMany(chromium.CspViolations).ToList();

        // Pages keep live hub connections; close them before the server stops so its shutdown does not wait on them.
        foreach (var device in devices)
        {
            await device.Context.CloseAsync();
        }

        await base.DisposeAsync();
        Assert.True(violations.Count == 0, "Content-Security-Policy violations:\n" + string.Join("\n", violations));
    }

    protected async Task<IPage> NewDevice(int width = 1280, int height = 800, string locale = "en-GB")
    {
        var page = await chromium.NewDevice(width, height, locale);
        // Tests open several phones at once: a list is not safe to add to from two threads (CI once saw a null in it).
        lock (_devices)
        {
            _devices.Add(page);
        }

        return page;
    }
}
