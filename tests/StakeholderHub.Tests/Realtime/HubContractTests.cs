using System.Reflection;
using System.Text.RegularExpressions;
using StakeholderHub.Realtime;

namespace StakeholderHub.Tests.Realtime;

/// <summary>
/// The page's typed map of hub methods (web/src/hub.ts) lists exactly SessionHub's methods, with the same number
/// of parameters: a method renamed, added or removed on one side and not the other fails here, since the page
/// would otherwise call a name the hub no longer answers and learn it only in the room.
/// </summary>
public sealed partial class HubContractTests
{
    [GeneratedRegex(@"export interface SessionHubMethods \{(?<body>.*?)\n\}", RegexOptions.Singleline)]
    private static partial Regex MethodMap();

    [GeneratedRegex(@"^\s*(?<name>[A-Za-z]+)\((?<parameters>[^)]*)\):", RegexOptions.Multiline)]
    private static partial Regex Method();

    [Fact]
    public void ThePagesHubMapMirrorsSessionHub()
    {
        var hub = typeof(SessionHub)
            .GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(method => !method.IsSpecialName && !method.IsVirtual)
            .ToDictionary(method => method.Name, method => method.GetParameters().Length);

        var page = PageMethods();

        Assert.NotEmpty(hub);
        Assert.Equal(hub.Keys.Order(), page.Keys.Order());
        foreach (var (name, count) in hub)
        {
            Assert.True(page[name] == count, $"{name} takes {count} parameter(s) on the hub and {page[name]} in web/src/hub.ts");
        }
    }

    private static Dictionary<string, int> PageMethods()
    {
        var source = File.ReadAllText(Repository.Path("web", "src", "hub.ts"));
        var map = MethodMap().Match(source);
        Assert.True(map.Success, "web/src/hub.ts has no `export interface SessionHubMethods { … }`");
        return Method().Matches(map.Groups["body"].Value).ToDictionary(
            match => match.Groups["name"].Value,
            match => match.Groups["parameters"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length);
    }
}
