using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;

namespace StakeholderHub.Tests.Browser;

/// <summary>
/// axe-core on a page, the fast way. The library's <c>RunAxe</c> injects axe, runs it in parts and then opens another
/// page (a new browser context) to put the parts together, injecting axe there too: 2.5–16 s a page on a loaded 2-core
/// machine. Here axe is injected once per document and <c>axe.run</c> runs in the page itself: about 1 s with the
/// injection. The rules, and so the violations, are the same (compared on pages with and without violations); our
/// pages have no frames, and a page that has some goes the library's way, which looks into each frame.
/// </summary>
public static class Axe
{
    private static readonly Lazy<string> Source = new(() => new BundledAxeScriptProvider().GetScript());

    /// <summary>Every rule on the page's document; the result lists the violations in full (passes are not collected).</summary>
    public static async Task<AxeResult> Run(IPage page)
    {
        if (page.Frames.Count > 1)
        {
            return await page.RunAxe();
        }

        // Evaluated through the DevTools protocol, as the library does: the page's Content-Security-Policy does not apply.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe?.run === 'function'"))
        {
            await page.EvaluateAsync(Source.Value);
        }

        var json = await page.EvaluateAsync<string>(
            "async () => JSON.stringify(await window.axe.run(document, { resultTypes: ['violations'] }))");
        return new AxeResult(JObject.Parse(json));
    }
}
