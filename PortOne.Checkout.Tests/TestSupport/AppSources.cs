namespace PortOne.Checkout.Tests.TestSupport;

/// <summary>The app's own C# and Razor files, for checks that read the source: what it names must exist.</summary>
public static class AppSources
{
    public static IEnumerable<string> Files()
    {
        var app = Path.Combine(BrowserFixture.RepositoryRoot(), "PortOne.Checkout");
        var separator = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(app, "*.*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".razor", StringComparison.Ordinal))
            .Where(path => !path.Contains($"{separator}obj{separator}", StringComparison.Ordinal)
                           && !path.Contains($"{separator}bin{separator}", StringComparison.Ordinal));
    }
}
