using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StakeholderHub.Access;
using StakeholderHub.Agenda;
using StakeholderHub.Badges;
using StakeholderHub.Badges.Credentials;
using StakeholderHub.Board;
using StakeholderHub.Data;
using StakeholderHub.Polls;

namespace StakeholderHub.Report;

/// <summary>
/// The facilitator's session report (<c>GET /api/report</c>, drawn by /report) and every export in one zip
/// (<c>GET /api/exports.zip</c>): the same files as the single downloads, written by the same code, from one snapshot.
/// </summary>
public static class ReportApi
{
    public const string ReportFileName = "session-report.json";

    public static IEndpointRouteBuilder MapReportApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").RequireRoles(Role.Facilitator);

        api.MapGet("/report", async (HttpContext http, PeopleDirectory people, Database database, TimeProvider clock) =>
        {
            var caller = await people.Caller(http.User);
            using var sql = database.Snapshot();
            http.Response.Headers.CacheControl = "no-store";
            return Results.Json(ReportStore.Build(sql, caller.EventId, clock.GetUtcNow()), Json.Options);
        });

        api.MapGet("/exports.zip", async (HttpContext http, PeopleDirectory people, Database database, TimeProvider clock, IOptions<HubOptions> options) =>
        {
            var caller = await people.Caller(http.User);
            var jwks = new BadgeUrls(BadgesApi.PublicBase(options.Value, http.Request)).Jwks();
            using var sql = database.Snapshot();
            var zip = Zip(Files(sql, caller.EventId, jwks, clock.GetUtcNow()));
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(zip, "application/zip", $"session-{caller.EventId}-exports.zip");
        });

        return routes;
    }

    /// <summary>Every export of the event, by file name: the CSV downloads, the issued credentials, and the report's figures.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Files(IStoreReader sql, long eventId, Uri jwks, DateTimeOffset now)
    {
        yield return (ExportsApi.QuestionsFileName, ExportsApi.Questions(sql, eventId).Bytes());
        foreach (var proposal in sql.Query<long>("SELECT id FROM proposals WHERE event_id = @EventId ORDER BY id", new { EventId = eventId }))
        {
            yield return (ExportsApi.MembersFileName(proposal), ExportsApi.Members(sql, eventId, proposal).Bytes());
        }

        yield return (PollExports.FileName, PollExports.ResultsCsv(sql, eventId).Bytes());
        yield return (AgendaFiles.CsvFileName, AgendaFiles.AgendaCsv(sql, eventId).Bytes());
        yield return (BadgesApi.EarnersFileName, BadgesApi.Earners(sql, eventId).Bytes());
        yield return (BadgesApi.CredentialsFileName, BadgesApi.CredentialsJson(sql, eventId, jwks));
        yield return (ReportFileName, JsonSerializer.SerializeToUtf8Bytes(ReportStore.Build(sql, eventId, now), Json.Options));
    }

    private static byte[] Zip(IEnumerable<(string Name, byte[] Bytes)> files)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in files)
            {
                var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
                using var stream = entry.Open();
                stream.Write(bytes);
            }
        }

        return buffer.ToArray();
    }
}
