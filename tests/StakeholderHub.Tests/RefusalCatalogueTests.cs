using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace StakeholderHub.Tests;

/// <summary>
/// Every refusal the server can send has a translation in every language of the pages: the test reads the
/// server's sources for each refusal sentence (literal or interpolated, turned into its template the way
/// <see cref="RefusalText"/> does) and each label passed to <c>Check</c>, and looks them up in each language file's
/// <c>refusals</c> and <c>refusalWords</c>. A new refusal without a translation still reaches the page (in English),
/// and fails here.
/// </summary>
public sealed partial class RefusalCatalogueTests
{
    [GeneratedRegex(@"(?:Refusal\.(?:Invalid|Forbidden|NotFound|Unauthorized)\(|new Refusal\(\s*RefusalCode\.\w+,)\s*(?=\$?"")")]
    private static partial Regex RefusalStart();

    [GeneratedRegex(@"\bCheck\.(?:Line|Text|List|Range|NotNull)\(|(?<=Email\(string\? value\)\s*\{\s*var text = )Line\(")]
    private static partial Regex CheckStart();

    [GeneratedRegex(@"^export \{ (?<name>\w+) \} from", RegexOptions.Multiline)]
    private static partial Regex Registered();

    [Fact]
    public void TheServerHasRefusalsAndLabelsToTranslate()
    {
        var (templates, labels) = Sources();

        Assert.Contains("The {0} is required.", templates);
        Assert.Contains("The {0} can have at most {1} characters (this one has {2}).", templates);
        Assert.Contains("Too many actions in a short time. Wait a moment and try again.", templates);
        Assert.Contains("e-mail address", labels);
        Assert.Contains("name", labels);
    }

    [Fact]
    public void EveryRefusalAndLabelHasAnEntryInEveryLanguage()
    {
        var (templates, labels) = Sources();
        var languages = Languages();
        Assert.Contains("en", languages);
        Assert.Contains("nl", languages);
        Assert.Contains("fr", languages);

        var missing = new List<string>();
        foreach (var language in languages)
        {
            var source = File.ReadAllText(Repository.Path("web", "src", "i18n", language + ".ts"));
            var refusals = Keys(source, "refusals");
            var words = Keys(source, "refusalWords");
            missing.AddRange(templates.Where(template => !refusals.Contains(template)).Select(template => $"{language} refusals: {template}"));
            missing.AddRange(labels.Where(label => !words.Contains(label)).Select(label => $"{language} refusalWords: {label}"));
        }

        Assert.True(missing.Count == 0, "Without a translation:\n" + string.Join('\n', missing));
    }

    /// <summary>The languages web/src/i18n/languages.ts registers, a line <c>export { nl } from './nl';</c> each.</summary>
    private static List<string> Languages() =>
        Registered().Matches(File.ReadAllText(Repository.Path("web", "src", "i18n", "languages.ts"))).Select(match => match.Groups["name"].Value).ToList();

    /// <summary>The double-quoted keys of a language file's <c>name: { … }</c> block.</summary>
    private static HashSet<string> Keys(string source, string name)
    {
        var start = source.IndexOf($"  {name}: {{", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {name} block");
        var end = source.IndexOf("\n  }", start, StringComparison.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match key in Regex.Matches(source[start..end], @"^\s*(""(?:[^""\\]|\\.)*""):", RegexOptions.Multiline))
        {
            keys.Add(JsonSerializer.Deserialize<string>(key.Groups[1].Value)!);
        }

        return keys;
    }

    private static (HashSet<string> Templates, HashSet<string> Labels) Sources()
    {
        var templates = new HashSet<string>(StringComparer.Ordinal);
        var labels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Repository.Path("src", "StakeholderHub"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            var source = File.ReadAllText(file);
            foreach (Match start in RefusalStart().Matches(source))
            {
                templates.Add(ReadString(source, start.Index + start.Length).Template);
            }

            foreach (Match start in CheckStart().Matches(source))
            {
                // The label is the second argument; only a plain literal is a fixed word to translate.
                var comma = TopLevelComma(source, start.Index + start.Length);
                var at = comma + 1;
                while (char.IsWhiteSpace(source[at]))
                {
                    at++;
                }

                if (source[at] == '"')
                {
                    labels.Add(ReadString(source, at).Template);
                }
            }
        }

        return (templates, labels);
    }

    private static int TopLevelComma(string source, int at)
    {
        var depth = 0;
        for (var inString = false; ; at++)
        {
            var c = source[at];
            if (inString)
            {
                if (c == '\\')
                {
                    at++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                return at;
            }
        }
    }

    /// <summary>
    /// Reads a C# string literal at <paramref name="at"/> (<c>"…"</c> or <c>$"…"</c>) into its refusal template: each
    /// interpolation hole becomes <c>{0}</c>, <c>{1}</c>… in order, as <see cref="RefusalText"/> numbers them.
    /// </summary>
    private static (string Template, int End) ReadString(string source, int at)
    {
        var interpolated = source[at] == '$';
        if (interpolated)
        {
            at++;
        }

        at++;
        var text = new StringBuilder();
        var holes = 0;
        while (true)
        {
            var c = source[at];
            if (c == '\\')
            {
                text.Append(source[at + 1]);
                at += 2;
            }
            else if (c == '"')
            {
                return (text.ToString(), at + 1);
            }
            else if (interpolated && c == '{' && source[at + 1] != '{')
            {
                at = HoleEnd(source, at + 1) + 1;
                text.Append('{').Append(holes++).Append('}');
            }
            else if (interpolated && c is '{' or '}' && source[at + 1] == c)
            {
                text.Append(c);
                at += 2;
            }
            else
            {
                text.Append(c);
                at++;
            }
        }
    }

    private static int HoleEnd(string source, int at)
    {
        var depth = 0;
        for (var inString = false; ; at++)
        {
            var c = source[at];
            if (inString)
            {
                if (c == '\\')
                {
                    at++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']')
            {
                depth--;
            }
            else if (c == '}')
            {
                if (depth == 0)
                {
                    return at;
                }

                depth--;
            }
        }
    }
}
