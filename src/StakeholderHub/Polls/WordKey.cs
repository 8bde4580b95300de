using System.Globalization;
using System.Text;
using StakeholderHub.ContentFilter;

namespace StakeholderHub.Polls;

/// <summary>
/// How a word-cloud answer is grouped: Unicode NFC (<see cref="LatinMarks"/> where invariant globalization leaves it undone: a decomposed "é" is the composed one), runs of whitespace as one
/// space, trimmed, and lower case (invariant), so "Open Badges" and " open  badges " count together. Emoji and
/// accents stay what they are.
/// </summary>
public static class WordKey
{
    /// <summary>The answer as shown: NFC, whitespace collapsed and trimmed; case kept.</summary>
    public static string Text(string answer)
    {
        var text = new StringBuilder(answer.Length);
        var space = false;
        foreach (var rune in LatinMarks.Compose(answer.Normalize(NormalizationForm.FormC)).EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                space = text.Length > 0;
                continue;
            }

            if (space)
            {
                text.Append(' ');
                space = false;
            }

            text.Append(rune.ToString());
        }

        return text.ToString();
    }

    /// <summary>The group an answer counts in.</summary>
    public static string Of(string answer) => Text(answer).ToLower(CultureInfo.InvariantCulture);
}
