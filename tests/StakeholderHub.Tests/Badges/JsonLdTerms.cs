using System.Text.Json.Nodes;

namespace StakeholderHub.Tests.Badges;

/// <summary>
/// Which property names (and type values) of a JSON-LD document its contexts do not define. A small, strict
/// reading of JSON-LD 1.1 context processing for compacted documents without @vocab: the top-level terms of each
/// context in order, a type's scoped context for that node only (type-scoped contexts do not propagate), and a
/// property's scoped context for its value.
/// </summary>
internal static class JsonLdTerms
{
    public static List<string> Undefined(JsonObject document, IEnumerable<JsonObject> contexts, IReadOnlySet<string>? allowedTypeValues = null)
    {
        var active = new Dictionary<string, JsonNode?>();
        foreach (var context in contexts)
        {
            Merge(active, context["@context"]!.AsObject());
        }

        var problems = new List<string>();
        Visit(document, active, "$", problems, allowedTypeValues ?? new HashSet<string>());
        return problems;
    }

    private static void Merge(Dictionary<string, JsonNode?> active, JsonObject context)
    {
        foreach (var (term, definition) in context)
        {
            if (!term.StartsWith('@'))
            {
                active[term] = definition;
            }
        }
    }

    private static void Visit(JsonObject node, Dictionary<string, JsonNode?> active, string path, List<string> problems, IReadOnlySet<string> allowedTypes)
    {
        var typeScoped = new Dictionary<string, JsonNode?>(active);
        var types = node["type"] switch
        {
            JsonArray array => array.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue value => [value.GetValue<string>()],
            _ => [],
        };
        foreach (var type in types.Order(StringComparer.Ordinal))
        {
            if (!active.TryGetValue(type, out var definition))
            {
                if (!allowedTypes.Contains(type))
                {
                    problems.Add($"{path}.type: \"{type}\"");
                }

                continue;
            }

            if (definition is JsonObject { } d && d["@context"] is JsonObject scoped)
            {
                Merge(typeScoped, scoped);
            }
        }

        foreach (var (key, value) in node)
        {
            if (key == "@context")
            {
                continue;
            }

            if (key.StartsWith('@') || !typeScoped.TryGetValue(key, out var definition))
            {
                problems.Add($"{path}.{key}");
                continue;
            }

            var child = new Dictionary<string, JsonNode?>(active);
            if (definition is JsonObject { } d && d["@context"] is JsonObject propertyScoped)
            {
                Merge(child, propertyScoped);
            }

            foreach (var (item, index) in Items(value))
            {
                if (item is JsonObject nested)
                {
                    Visit(nested, child, index is null ? $"{path}.{key}" : $"{path}.{key}[{index}]", problems, allowedTypes);
                }
            }
        }
    }

    private static IEnumerable<(JsonNode? Item, int? Index)> Items(JsonNode? value) => value is JsonArray array
        ? array.Select((item, index) => (item, (int?)index))
        : [(value, null)];
}
