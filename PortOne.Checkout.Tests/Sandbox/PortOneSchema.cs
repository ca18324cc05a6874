using System.Text.Json;
using System.Text.Json.Nodes;

namespace PortOne.Checkout.Tests.Sandbox;

/// <summary>
/// Checks sandbox objects against PortOne's published definitions in the shared reference (read, never
/// copied): every property present, every non-null value of the declared JSON type, required ones not null.
/// The file lives outside the repository (<c>../shared/reference/portone-v1.openapi.json</c>, or the path in
/// <c>PORTONE_V1_SCHEMA</c>); tests that need it use <see cref="PortOneSchemaFactAttribute"/> and are reported
/// skipped, by name and with the reason, where it is missing.
/// </summary>
internal static class PortOneSchema
{
    public const string PathVariable = "PORTONE_V1_SCHEMA";

    private static readonly Lazy<(JsonObject? Definitions, string Path)> Loaded = new(Load);

    /// <summary>Why the schema checks cannot run here, or null when they can.</summary>
    public static string? Missing => Loaded.Value.Definitions is null
        ? $"PortOne's V1 schema is not at {Loaded.Value.Path} (set {PathVariable} to its path)"
        : null;

    public static void AssertMatches(JsonNode? actual, string definition)
    {
        var json = Assert.IsType<JsonObject>(actual);
        var definitions = Loaded.Value.Definitions
            ?? throw new InvalidOperationException(Missing + "; mark the test [PortOneSchemaFact] so it is skipped instead.");
        var properties = Assert.IsType<JsonObject>(definitions[definition]?["properties"], exactMatch: false);
        var required = (definitions[definition]!["required"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
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

    private static (JsonObject? Definitions, string Path) Load()
    {
        var path = Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } given ? given : DefaultPath();
        return (File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!["definitions"]!.AsObject() : null, path);
    }

    /// <summary>The shared reference beside the repository (the folder holding Checkout.sln).</summary>
    private static string DefaultPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Checkout.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "reference", "portone-v1.openapi.json"));
            }
        }
        return "../shared/reference/portone-v1.openapi.json";
    }
}

/// <summary>A fact that checks against PortOne's schema: skipped, with the reason, when the schema file is not there.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PortOneSchemaFactAttribute : FactAttribute
{
    public PortOneSchemaFactAttribute()
    {
        if (PortOneSchema.Missing is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that checks against PortOne's schema: skipped, with the reason, when the schema file is not there.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PortOneSchemaTheoryAttribute : TheoryAttribute
{
    public PortOneSchemaTheoryAttribute()
    {
        if (PortOneSchema.Missing is { } reason)
        {
            Skip = reason;
        }
    }
}
