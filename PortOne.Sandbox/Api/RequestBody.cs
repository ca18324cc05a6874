using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PortOne.Sandbox.Api;

/// <summary>
/// A request body read as JSON or as form-urlencoded (PortOne's schema declares form data, its clients send JSON).
/// Form values arrive as strings, so the accessors parse numbers and booleans from strings too.
/// </summary>
internal sealed class RequestBody(JsonObject fields)
{
    public const int MaxBytes = 64 * 1024;

    public JsonObject Fields => fields;

    /// <summary>Null when the body is larger than <see cref="MaxBytes"/> or not valid JSON/form data.</summary>
    public static async Task<RequestBody?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return null;
            }
        }
        if (buffer.Length == 0)
        {
            return new RequestBody([]);
        }
        var bytes = buffer.ToArray();
        if (request.HasFormContentType)
        {
            var form = new JsonObject();
            foreach (var (key, value) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(bytes)))
            {
                form[key] = value.Count == 1 ? JsonValue.Create(value[0]) : new JsonArray([.. value.Select(v => (JsonNode?)JsonValue.Create(v))]);
            }
            return new RequestBody(form);
        }
        try
        {
            return JsonNode.Parse(bytes) is JsonObject json ? new RequestBody(json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string? String(string name) => fields[name] switch
    {
        JsonValue v when v.TryGetValue(out string? s) => s,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };

    /// <summary>A string as sent, or any other JSON as its text: PortOne stores custom_data objects as JSON strings.</summary>
    public string? Text(string name) => fields[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue(out string? s) => s,
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
        var node => node.ToJsonString(),
    };

    /// <summary>One string or an array of them (notice_url, merchant_uid[]); a form sends arrays as repeated <c>name[]</c>.</summary>
    public IReadOnlyList<string> Strings(string name) => (fields[name] ?? fields[name + "[]"]) switch
    {
        JsonArray items => [.. items.Select(i => i is JsonValue v && v.TryGetValue(out string? s) ? s : null).OfType<string>().Where(s => s.Length > 0)],
        JsonValue v when v.TryGetValue(out string? s) && s.Length > 0 => [s],
        _ => [],
    };

    /// <summary>Null when absent or empty; throws <see cref="FormatException"/> when present but not a number.</summary>
    public decimal? Decimal(string name) => fields[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
        JsonValue v when v.TryGetValue(out decimal d) => d,
        JsonValue v when v.TryGetValue(out string? s) && string.IsNullOrEmpty(s) => null,
        JsonValue v when v.TryGetValue(out string? s) && decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
        _ => throw new FormatException($"{name} must be a number"),
    };

    public bool Bool(string name) => fields[name] switch
    {
        JsonValue v when v.TryGetValue(out bool b) => b,
        JsonValue v when v.TryGetValue(out string? s) => s is "true" or "1",
        _ => false,
    };
}
