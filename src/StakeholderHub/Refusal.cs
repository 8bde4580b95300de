using System.Diagnostics.CodeAnalysis;

namespace StakeholderHub;

/// <summary>
/// An expected refusal: the caller asked for something the rules do not allow. Its message starts with a stable
/// code (<c>invalid:</c>, <c>forbidden:</c>, …) so clients can act on it; the hub and the HTTP API both turn it
/// into an answer without logging it as a failure.
/// </summary>
public sealed class Refusal(RefusalCode code, string sentence) : Exception($"{Codes[(int)code]}: {sentence}")
{
    private static readonly string[] Codes = ["invalid", "unauthorized", "forbidden", "not_found", "closed", "rate_limited"];

    public RefusalCode Code { get; } = code;

    public string CodeName => Codes[(int)Code];

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
    public static void Forbidden(string sentence) => throw new Refusal(RefusalCode.Forbidden, sentence);

    [DoesNotReturn]
    public static void NotFound(string sentence) => throw new Refusal(RefusalCode.NotFound, sentence);

    [DoesNotReturn]
    public static void Unauthorized(string sentence) => throw new Refusal(RefusalCode.Unauthorized, sentence);
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
