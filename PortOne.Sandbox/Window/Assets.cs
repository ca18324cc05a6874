using System.Collections.Concurrent;

namespace PortOne.Sandbox.Window;

/// <summary>Reads the embedded files under Assets/ once and keeps them.</summary>
internal static class Assets
{
    private static readonly ConcurrentDictionary<string, string?> Cache = new(StringComparer.Ordinal);

    public static string? Read(string fileName) => Cache.GetOrAdd(fileName, static name =>
    {
        var assembly = typeof(Assets).Assembly;
        var resource = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith(".Assets." + name, StringComparison.Ordinal));
        if (resource is null)
        {
            return null;
        }
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}
