using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using StakeholderHub.Data;

namespace StakeholderHub.ContentFilter;

/// <summary>
/// The room's content filter: whatever a person writes for others to read (a question, a practice, a word-cloud
/// answer, a proposal, a name) is looked at before anyone else sees it. A hit does not refuse the text: the feature
/// holds it for the facilitator, even with moderation off, with the reason this answers; its author sees it as
/// waiting. The words are the built-in lists per language (<c>ContentFilter/Words</c>) and the event's own
/// (<see cref="FilterStore"/>); the spam rules are a link where none belongs and the same text sent again.
/// </summary>
public static partial class RoomFilter
{
    public static readonly string[] Languages = ["en", "nl", "fr"];

    /// <summary>Every listed word or phrase (its words, folded), with its language.</summary>
    private static readonly IReadOnlyList<(string[] Words, string Language)> Listed = Load();

    /// <summary>
    /// Why <paramref name="text"/> is held, or null: <c>word:&lt;language&gt;:&lt;word&gt;</c> for a listed word,
    /// <c>word:event:&lt;word&gt;</c> for one of the facilitator's, <c>link</c> for an address where
    /// <paramref name="noLinks"/>, <c>repeated</c> when the same word makes most of a long text.
    /// </summary>
    public static string? Check(IStoreReader sql, long eventId, string text, bool noLinks = false)
    {
        var words = Words(text);
        foreach (var (listed, language) in Listed)
        {
            if (Contains(words, listed))
            {
                return $"word:{language}:{string.Join(' ', listed)}";
            }
        }

        foreach (var own in FilterStore.Words(sql, eventId))
        {
            var listed = Words(own);
            if (listed.Length > 0 && Contains(words, listed))
            {
                return $"word:event:{own}";
            }
        }

        if (noLinks && Link().IsMatch(text))
        {
            return "link";
        }

        if (words.Length >= 6 && words.GroupBy(w => w, StringComparer.Ordinal).Max(g => g.Count()) * 2 > words.Length)
        {
            return "repeated";
        }

        return null;
    }

    /// <summary>A text's words, lower case and without accents, so "Kut", "KUT" and "küt" are one.</summary>
    public static string[] Words(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var bare = LatinMarks.Strip(c);
            if (bare == '\0' || CharUnicodeInfo.GetUnicodeCategory(bare) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            folded.Append(char.IsLetterOrDigit(bare) ? char.ToLowerInvariant(bare) : ' ');
        }

        return folded.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static bool Contains(string[] words, string[] listed)
    {
        for (var i = 0; i + listed.Length <= words.Length; i++)
        {
            var all = true;
            for (var j = 0; j < listed.Length && all; j++)
            {
                all = string.Equals(words[i + j], listed[j], StringComparison.Ordinal);
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The lists, longer phrases first, so a hit names the whole phrase ("bordel de merde", not "merde").</summary>
    private static List<(string[], string)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var list = new List<(string[], string)>();
        foreach (var language in Languages)
        {
            using var stream = assembly.GetManifestResourceStream($"filter/{language}.txt")
                ?? throw new InvalidOperationException($"The content filter's {language} list is not in the build.");
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length > 0 && line[0] != '#' && Words(line) is { Length: > 0 } words)
                {
                    list.Add((words, language));
                }
            }
        }

        return [.. list.OrderByDescending(entry => entry.Item1.Length)];
    }

    [GeneratedRegex(@"(https?://|www\.|\b[\p{L}\p{N}-]+\.(com|net|org|io|info|biz|xyz|ru|cn|be|nl|fr|de|eu|ly|gl|me)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Link();
}
