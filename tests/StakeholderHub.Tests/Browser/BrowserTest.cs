using Microsoft.Playwright;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// A server test with browser devices: pages opened here are closed before the server stops. Subclasses join
/// <see cref="BrowserCollection"/> to share the one Chromium.
/// </summary>
public abstract class BrowserTest(Chromium chromium) : ServerTest
{
    private readonly List<IPage> _devices = [];

    public override async Task DisposeAsync()
    {
        // Pages keep live hub connections; close them before the server stops so its shutdown does not wait on them.
        foreach (var device in _devices)
        {
            await device.Context.CloseAsync();
        }

        await base.DisposeAsync();
    }

    protected async Task<IPage> NewDevice(int width = 1280, int height = 800, string locale = "en-GB")
    {
        var page = await chromium.NewDevice(width, height, locale);
        _devices.Add(page);
        return page;
    }
}
