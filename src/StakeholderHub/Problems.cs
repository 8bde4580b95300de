using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace StakeholderHub;

/// <summary>Turns a <see cref="Refusal"/> thrown anywhere below an endpoint into a problem-details answer.</summary>
public sealed class Problems : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case Refusal refusal:
                await Write(context, refusal);
                return true;
            case BadHttpRequestException unreadable:
                // A body that is not JSON, or not of the shape the endpoint takes (see RouteHandlerOptions in HubSetup).
                await Write(context, new Refusal(RefusalCode.Invalid, "The request could not be read: send a JSON body as docs/protocol.md describes."), unreadable.StatusCode);
                return true;
            default:
                return false;
        }
    }

    public static Task Write(HttpContext context, Refusal refusal, int? status = null)
    {
        context.Response.StatusCode = status ?? refusal.HttpStatus;
        context.Response.ContentType = "application/problem+json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(
            new
            {
                type = "about:blank",
                title = refusal.CodeName,
                status = context.Response.StatusCode,
                code = refusal.CodeName,
                detail = refusal.Message,
                // The same as a hub refusal's second line: the English template and its values, for translation.
                template = refusal.Template,
                args = refusal.Values,
            },
            Json.Options));
    }
}
