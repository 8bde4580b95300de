using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace StakeholderHub;

/// <summary>Turns a <see cref="Refusal"/> thrown anywhere below an endpoint into a problem-details answer.</summary>
public sealed class Problems : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not Refusal refusal)
        {
            return false;
        }

        context.Response.StatusCode = refusal.HttpStatus;
        await Write(context, refusal);
        return true;
    }

    public static Task Write(HttpContext context, Refusal refusal)
    {
        context.Response.ContentType = "application/problem+json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(
            new
            {
                type = "about:blank",
                title = refusal.CodeName,
                status = refusal.HttpStatus,
                code = refusal.CodeName,
                detail = refusal.Message,
            },
            Json.Options));
    }
}
