using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Catalog;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Hosting;

namespace PortOne.Checkout.Tests.TestSupport;

/// <summary>
/// Every component test starts here: MudBlazor with loose JS interop for its own scripts, an
/// interactive renderer, the app's real services over a throwaway database, and PortOne faked at
/// the HTTP boundary.
/// </summary>
public abstract class ComponentTestBase : BunitContext, IAsyncLifetime
{
    protected const string PublicBaseUrl = "https://shop.example/";

    private readonly TempDatabase _database = new();

    protected FakePortOneHandler PortOne { get; } = new();

    /// <summary>
    /// The components' clock: 00:30 on 2 December 2026 in Seoul, still 1 December in UTC, so a date taken
    /// in the wrong time zone shows. It only moves when a test moves it.
    /// </summary>
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 15, 30, 0, TimeSpan.Zero));

    protected ComponentTestBase()
    {
        // bUnit waits one second by default; a first render that JITs MudBlazor on a busy 2-core CI
        // box can take longer. This is how long a wait may last, not a retry: passing waits return at once.
        DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Checkout:PublicBaseUrl"] = PublicBaseUrl,
            ["PortOne:Mode"] = "Sandbox",
            ["PortOne:Sandbox:ApiKey"] = "key",
            ["PortOne:Sandbox:ApiSecret"] = "secret",
        }).AddInMemoryCollection(_database.Settings).AddInMemoryCollection(Settings).Build();
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton<TimeProvider>(Clock);
        // The options validators read the environment, as in the app.
        Services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Development, ApplicationName = "PortOne.Checkout" });
        Services.AddSingleton(_database.NewDb());
        Services.AddSingleton<Migrator>();
        Services.AddCatalog();
        Services.AddOrders();
        Services.AddLocalization();
        Services.AddPublicUrls();
        Services.AddPayments();
        Services.AddCheckout();
        // The host gives the app a meter factory; the payment metrics need one here too.
        Services.AddMetrics();
        Services.AddHttpClient<PortOneClient>().ConfigurePrimaryHttpMessageHandler(() => PortOne);

        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>Extra configuration for a test class, e.g. <c>Checkout:Escrow</c>; read once, in the constructor.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync() => await Services.GetRequiredService<Migrator>().MigrateAsync();

    // MudBlazor's services are only IAsyncDisposable; xunit v2 would call the sync Dispose.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _database.Dispose();
    }
}
