using System.Text.Json;
using System.Text.Json.Nodes;

namespace PortOne.Checkout.Tests.Sandbox;

/// <summary>
/// Checks sandbox objects against PortOne's published definitions in the shared reference (read, never
/// copied): every property present, and every non-null value of the declared JSON type.
/// </summary>
internal static class PortOneSchema
{
    private static readonly Lazy<JsonObject?> Definitions = new(Load);

    /// <summary>Skips silently when the shared reference is not checked out next to the repository.</summary>
    public static void AssertMatches(JsonNode? actual, string definition)
    {
        var json = Assert.IsType<JsonObject>(actual);
        if (Definitions.Value?[definition]?["properties"] is not JsonObject properties)
        {
            return;
        }
        var required = (Definitions.Value[definition]!["required"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
        foreach (var (name, property) in properties)
        {
            Assert.True(json.ContainsKey(name), $"{definition}: missing {name}");
            var value = json[name];
            if (value is null)
            {
                // Optional properties may be null; required ones must carry their type.
                Assert.False(required.Contains(name), $"{definition}: {name} is required but null");
                continue;
            }
            var expected = property!["type"]?.GetValue<string>();
            var kind = value.GetValueKind();
            Assert.True(expected switch
            {
                "string" => kind == JsonValueKind.String,
                "integer" => kind == JsonValueKind.Number && value.GetValue<decimal>() % 1 == 0,
                "number" => kind == JsonValueKind.Number,
                "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
                "array" => kind == JsonValueKind.Array,
                "object" => kind == JsonValueKind.Object,
                _ => true,
            }, $"{definition}: {name} should be {expected} but is {kind}");
        }
    }

    private static JsonObject? Load()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Checkout.sln")))
            {
                var path = Path.Combine(dir.FullName, "..", "shared", "reference", "portone-v1.openapi.json");
                return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!["definitions"]!.AsObject() : null;
            }
        }
        return null;
    }
}
