using System.Reflection;
using System.Text.Json;
using StakeholderHub.Agenda;

namespace StakeholderHub.Events;

/// <summary>Built-in starting points for an event, kept as JSON data under <c>Events/Templates</c>.</summary>
public static class EventTemplates
{
    public const string AntwerpAfternoon = "antwerp-afternoon";
    public const string Empty = "empty";

    public sealed record Template(string Title, IReadOnlyList<AgendaItemInput> Agenda);

    public static Template Load(string? name)
    {
        name = string.IsNullOrWhiteSpace(name) ? Empty : name.Trim();
        if (name == Empty)
        {
            return new Template("", []);
        }

        using var stream = name == AntwerpAfternoon
            ? Assembly.GetExecutingAssembly().GetManifestResourceStream($"templates/{name}.json")
            : null;
        if (stream is null)
        {
            Refusal.Invalid($"There is no template \"{name}\"; use \"{AntwerpAfternoon}\" or \"{Empty}\".");
        }

        return JsonSerializer.Deserialize<Template>(stream, Json.Options)
            ?? throw new InvalidDataException($"The template {name} is empty.");
    }
}
