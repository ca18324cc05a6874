using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace PortOne.Sandbox.Api;

internal static class SandboxJson
{
    /// <summary>PortOne speaks snake_case; Hangul stays readable because these bodies are never inlined in HTML.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };
}
