using Microsoft.Playwright;

namespace PortOne.Checkout.Tests.TestSupport;

/// <summary>
/// One headless Debian Chromium for the whole test run. Playwright's own browser download cannot
/// work offline, so the system browser is launched directly (PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH is
/// read here, not by Playwright).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots of every page a browser test looks at; git-ignored.</summary>
    public static string ArtifactsDirectory { get; } = Environment.GetEnvironmentVariable("E2E_ARTIFACTS") is { Length: > 0 } configured
        ? configured
        : Path.Combine(RepositoryRoot(), "e2e-artifacts");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ArtifactsDirectory);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            // --no-sandbox: CI runs as root. The rest keep Chromium off the (absent) network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic", "--lang=ko-KR"],
        });
    }

    /// <summary>A fresh context (cookies, storage) sized as a desktop or a phone.</summary>
    public Task<IBrowserContext> NewContextAsync(Uri baseUri, bool phone = false) => Browser.NewContextAsync(new()
    {
        BaseURL = baseUri.ToString(),
        Locale = "ko-KR",
        TimezoneId = "Asia/Seoul",
        ViewportSize = phone ? new ViewportSize { Width = 375, Height = 812 } : new ViewportSize { Width = 1280, Height = 900 },
        IsMobile = phone,
        HasTouch = phone,
    });

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Checkout.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Checkout.sln not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "xUnit names collection definitions *Collection.")]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
