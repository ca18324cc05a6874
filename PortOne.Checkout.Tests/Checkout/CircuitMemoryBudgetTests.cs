using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Xunit.Abstractions;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace PortOne.Checkout.Tests.Checkout;

/// <summary>Runs alone, after every parallel test: no other test's objects come and go while the heap is read.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "xUnit names collection definitions *Collection.")]
public sealed class MemoryCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "memory";
}

/// <summary>
/// What one open checkout costs the server, as a budget: the live heap (after a full GC) with N checkouts
/// open in N browsers, less the same with N static pages open, per page. The app runs in this process, and
/// so do Playwright's own objects for each browser and the app's side of its connections: a static page
/// has them too, so the difference is the circuit alone. Each shopper's circuit was 1.3 MB of heap when the
/// whole page ran in it with MudBlazor's components; the budget catches a return to that, not a few percent.
/// </summary>
[Collection(MemoryCollection.Name)]
[Trait("Category", "E2E")]
public sealed class CircuitMemoryBudgetTests(BrowserFixture browser, CircuitMemoryBudgetTests.QuietApp app, ITestOutputHelper output) : IClassFixture<CircuitMemoryBudgetTests.QuietApp>
{
    private const int Pages = 20;

    /// <summary>
    /// About twice what one checkout circuit held when the budget was set: 110 to 160 KB in three runs on a
    /// busy 2-core machine (the published app measures about 260 KB per shopper, connections included).
    /// </summary>
    private const int CircuitBudget = 300 * 1024;

    [Fact]
    public async Task An_open_checkout_holds_less_than_300_KB_of_live_heap_more_than_a_static_page()
    {
        // First use: JIT, caches, the pools' first blocks. Kept open: a closing circuit is freed whenever
        // its disconnect arrives, which would land in a measurement.
        await using var warmCheckouts = await OpenAsync("/checkout", 2);
        await using var warmStatics = await OpenAsync("/orders/lookup", 2);

        var start = await SettledHeapAsync();
        await using var statics = await OpenAsync("/orders/lookup", Pages);
        var withStatics = LiveHeap();
        await using var checkouts = await OpenAsync("/checkout", Pages);
        var withCheckouts = LiveHeap();

        var perStatic = (withStatics - start) / Pages;
        var perCheckout = (withCheckouts - withStatics) / Pages;
        var perCircuit = perCheckout - perStatic;
        output.WriteLine($"per open checkout {perCheckout:N0} bytes, per static page {perStatic:N0}, the circuit {perCircuit:N0}");
        Assert.True(perCircuit <= CircuitBudget,
            $"An open checkout holds {perCircuit:N0} bytes more than a static page ({perCheckout:N0} against {perStatic:N0}), over the {CircuitBudget:N0} budget.");
    }

    [Fact]
    public void Dropped_circuits_are_kept_three_minutes_and_at_most_a_hundred()
    {
        var circuits = app.Get<IOptions<CircuitOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(3), circuits.DisconnectedCircuitRetentionPeriod);
        Assert.Equal(100, circuits.DisconnectedCircuitMaxRetained);
    }

    /// <summary>Opens <paramref name="count"/> browsers at <paramref name="path"/>, a checkout with its circuit up.</summary>
    private async Task<Shoppers> OpenAsync(string path, int count)
    {
        var shoppers = new Shoppers();
        for (var i = 0; i < count; i++)
        {
            var context = await browser.NewContextAsync(app.BaseUri, phone: true);
            shoppers.Add(context);
            var page = await context.NewPageAsync();
            await page.GotoAsync(path);
            if (path == "/checkout")
            {
                await Expect(page.GetByTestId("checkout")).ToHaveAttributeAsync("data-interactive", "true");
            }
        }
        return shoppers;
    }

    /// <summary>
    /// The live heap once it stops shrinking: the other test classes of this process have finished, but
    /// their hosts may still be letting go of objects, which would otherwise count against the checkouts.
    /// </summary>
    private static async Task<long> SettledHeapAsync()
    {
        var previous = LiveHeap();
        for (var reading = 0; reading < 20; reading++)
        {
            await Task.Yield();
            var current = LiveHeap();
            if (previous - current < 64 * 1024)
            {
                return current;
            }
            previous = current;
        }
        throw new InvalidOperationException("The live heap kept shrinking; the measurement would not be the checkouts'.");
    }

    private static long LiveHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private sealed class Shoppers : List<IBrowserContext>, IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var context in this)
            {
                await context.DisposeAsync();
            }
        }
    }

    /// <summary>The app without the test log capture at Debug, whose kept lines would grow with every circuit.</summary>
    public sealed class QuietApp : CheckoutApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddFilter<LogCapture>(null, LogLevel.Warning));
        }
    }
}
