using System.Globalization;
using System.Text;

namespace StakeholderHub;

/// <summary>Argument checks shared by the HTTP API and the hub; each failure is an <c>invalid:</c> refusal.</summary>
public static class Check
{
    /// <summary>
    /// The most UTF-8 bytes a text may take per character of its limit. The longest emoji people type (a kiss with
    /// two skin tones) takes 35 bytes, so a text at its limit always fits; a letter followed by thousands of
    /// combining marks, one "character" to a person, does not (80 of them once made a name of 800 KB).
    /// </summary>
    public const int BytesPerCharacter = 40;

    /// <summary>
    /// A one-line text such as a name or a title: trimmed at both ends, no control characters, and between
    /// <paramref name="min"/> and <paramref name="max"/> characters as a person counts them.
    /// </summary>
    public static string Line(string? value, string label, int min, int max)
    {
        var text = (value ?? "").Trim();
        if (text.Length == 0)
        {
            if (min > 0)
            {
                Refusal.Invalid($"The {label} is required.");
            }

            return "";
        }

        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                Refusal.Invalid($"The {label} cannot contain control characters or line breaks.");
            }

            // Separators break a line as a line break does; direction overrides and isolates would turn the text
            // around them (the rest of the line, a name beside it) the other way.
            if (c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            {
                Refusal.Invalid($"The {label} cannot contain line or paragraph separators or text direction controls.");
            }
        }

        var length = Length(text, label, max);
        if (length < min)
        {
            Refusal.Invalid($"The {label} needs at least {min} characters.");
        }

        if (length > max)
        {
            Refusal.Invalid($"The {label} can have at most {max} characters (this one has {length}).");
        }

        return text;
    }

    /// <summary>
    /// A text that may span lines, such as a summary or a question: trimmed at both ends, line breaks kept (as
    /// <c>\n</c>), no other control characters except tabs, and at most <paramref name="max"/> characters as a person
    /// counts them.
    /// </summary>
    public static string Text(string? value, string label, int min, int max)
    {
        var text = (value ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        if (text.Length == 0)
        {
            if (min > 0)
            {
                Refusal.Invalid($"The {label} is required.");
            }

            return "";
        }

        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not '\n' and not '\t')
            {
                Refusal.Invalid($"The {label} cannot contain control characters.");
            }
        }

        var length = Length(text, label, max);
        if (length < min)
        {
            Refusal.Invalid($"The {label} needs at least {min} characters.");
        }

        if (length > max)
        {
            Refusal.Invalid($"The {label} can have at most {max} characters (this one has {length}).");
        }

        return text;
    }

    /// <summary>
    /// The text's length as a person counts it (user-perceived characters, as the pages count them with
    /// <c>Intl.Segmenter</c>), after refusing a text whose bytes are out of all proportion to it.
    /// </summary>
    private static int Length(string text, string label, int max)
    {
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > max * BytesPerCharacter)
        {
            Refusal.Invalid($"The {label} is too large: at most {max * BytesPerCharacter} bytes (this one has {bytes}).");
        }

        return new StringInfo(text).LengthInTextElements;
    }

    /// <summary>A list of at most <paramref name="max"/> values, each checked by <paramref name="each"/>, duplicates dropped.</summary>
    public static IReadOnlyList<string> List(string?[]? values, string label, int max, Func<string?, string> each)
    {
        var list = (values ?? []).Select(each).Distinct(StringComparer.Ordinal).ToList();
        if (list.Count > max)
        {
            Refusal.Invalid($"There can be at most {max} {label} (there are {list.Count}).");
        }

        return list;
    }

    public static int Range(int value, string label, int min, int max)
    {
        if (value < min || value > max)
        {
            Refusal.Invalid($"The {label} must be between {min} and {max}.");
        }

        return value;
    }

    public static T NotNull<T>(T? value, string label) where T : class
    {
        if (value is null)
        {
            Refusal.Invalid($"The {label} is missing.");
        }

        return value;
    }

    public static string? Email(string? value)
    {
        var text = Line(value, "e-mail address", 0, 254);
        if (text.Length == 0)
        {
            return null;
        }

        var at = text.IndexOf('@');
        if (at < 1 || at != text.LastIndexOf('@') || at == text.Length - 1 || !text[(at + 1)..].Contains('.')
            || text.Contains(' '))
        {
            Refusal.Invalid("The e-mail address does not look like one (name@example.org).");
        }

        return text;
    }
}
