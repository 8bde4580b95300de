using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace StakeholderHub;

/// <summary>
/// An expected refusal: the caller asked for something the rules do not allow. Its message starts with a stable
/// code (<c>invalid:</c>, <c>forbidden:</c>, …) so clients can act on it; the hub and the HTTP API both turn it
/// into an answer without logging it as a failure.
/// </summary>
/// <remarks>
/// A refusal written as an interpolated string (<c>$"The {label} is required."</c>) also keeps its English
/// template with numbered holes (<c>The {0} is required.</c>) and the values that filled them, so a page can
/// show it in its reader's language: the template is the key of the pages' translations (docs/protocol.md
/// "Errors"). Call sites stay plain English sentences.
/// </remarks>
public sealed class Refusal : Exception
{
    private static readonly string[] Codes = ["invalid", "unauthorized", "forbidden", "not_found", "closed", "rate_limited"];

    public Refusal(RefusalCode code, string sentence)
        : this(code, sentence, sentence, [])
    {
    }

    public Refusal(RefusalCode code, RefusalText sentence)
        : this(code, sentence.Sentence, sentence.Template, sentence.Values)
    {
    }

    private Refusal(RefusalCode code, string sentence, string template, IReadOnlyList<string> values)
        : base($"{Codes[(int)code]}: {sentence}")
    {
        Code = code;
        Template = template;
        Values = values;
    }

    public RefusalCode Code { get; }

    public string CodeName => Codes[(int)Code];

    /// <summary>The English sentence with its holes numbered (<c>The {0} is required.</c>).</summary>
    public string Template { get; }

    /// <summary>What filled the holes, in order, as text.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>
    /// What a hub caller receives: the message (code and English sentence), then on a line of its own the template
    /// and its values as JSON, for a page that translates it.
    /// </summary>
    public string WireMessage => $"{Message}\n{JsonSerializer.Serialize(new WireDetail(Template, Values))}";

    public int HttpStatus => Code switch
    {
        RefusalCode.Invalid => StatusCodes.Status400BadRequest,
        RefusalCode.Unauthorized => StatusCodes.Status401Unauthorized,
        RefusalCode.Forbidden => StatusCodes.Status403Forbidden,
        RefusalCode.NotFound => StatusCodes.Status404NotFound,
        RefusalCode.Closed => StatusCodes.Status409Conflict,
        RefusalCode.RateLimited => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    };

    [DoesNotReturn]
    public static void Invalid(string sentence) => throw new Refusal(RefusalCode.Invalid, sentence);

    [DoesNotReturn]
    public static void Invalid(RefusalText sentence) => throw new Refusal(RefusalCode.Invalid, sentence);

    [DoesNotReturn]
    public static void Forbidden(string sentence) => throw new Refusal(RefusalCode.Forbidden, sentence);

    [DoesNotReturn]
    public static void Forbidden(RefusalText sentence) => throw new Refusal(RefusalCode.Forbidden, sentence);

    [DoesNotReturn]
    public static void NotFound(string sentence) => throw new Refusal(RefusalCode.NotFound, sentence);

    [DoesNotReturn]
    public static void NotFound(RefusalText sentence) => throw new Refusal(RefusalCode.NotFound, sentence);

    [DoesNotReturn]
    public static void Unauthorized(string sentence) => throw new Refusal(RefusalCode.Unauthorized, sentence);

    private sealed record WireDetail(
        [property: System.Text.Json.Serialization.JsonPropertyName("template")] string Template,
        [property: System.Text.Json.Serialization.JsonPropertyName("args")] IReadOnlyList<string> Args);
}

/// <summary>
/// An interpolated refusal sentence, kept three ways: as English, as a template with numbered holes, and as the
/// holes' values (formatted without culture, so a number reads the same on every server).
/// </summary>
[InterpolatedStringHandler]
public readonly struct RefusalText
{
    private readonly StringBuilder _sentence;
    private readonly StringBuilder _template;
    private readonly List<string> _values;

    public RefusalText(int literalLength, int formattedCount)
    {
        _sentence = new StringBuilder(literalLength + formattedCount * 8);
        _template = new StringBuilder(literalLength + formattedCount * 3);
        _values = new List<string>(formattedCount);
    }

    public void AppendLiteral(string value)
    {
        _sentence.Append(value);
        _template.Append(value);
    }

    public void AppendFormatted<T>(T value)
    {
        var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        _sentence.Append(text);
        _template.Append('{').Append(_values.Count).Append('}');
        _values.Add(text);
    }

    public string Sentence => _sentence.ToString();

    public string Template => _template.ToString();

    public IReadOnlyList<string> Values => _values;
}

public enum RefusalCode
{
    Invalid,
    Unauthorized,
    Forbidden,
    NotFound,
    Closed,
    RateLimited,
}
