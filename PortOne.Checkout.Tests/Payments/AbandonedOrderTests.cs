using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Payments;

/// <summary>Orders PortOne never saw paid are closed after the horizon, and money that still comes pays them, flagged.</summary>
public class AbandonedOrderTests(AbandonedOrderTests.ClockedApp app) : IClassFixture<AbandonedOrderTests.ClockedApp>
{
    /// <summary>The app and its sandbox on a clock the test moves; reconciliation runs only when the test says.</summary>
    public sealed class ClockedApp : CheckoutApp
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Reconciliation:Enabled"] = "false",
            ["Reconciliation:MinimumAge"] = "00:00:00",
            ["Reconciliation:AbandonAfter"] = "2.00:00:00",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    private readonly SandboxShopper _shopper = app.Shopper();

    [Fact]
    public async Task Pending_orders_portone_has_nothing_paid_for_are_abandoned_after_the_horizon_and_a_late_payment_still_pays_flagged()
    {
        var neverOpened = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var leftOpen = await app.PlaceOrderAsync(null, ("SHOE-WAFFLE", 1));
        // As if PortOne had not enabled confirm_url for this merchant: nothing stops the late approval but the sync.
        // No webhook either: its retries would wait on the test's clock after the test ends.
        var parameters = leftOpen.RequestPayParams.DeepClone().AsObject();
        parameters.Remove("confirm_url");
        parameters.Remove("notice_url");
        var window = await _shopper.OpenAsync(parameters);
        var reconciliation = app.Get<Reconciliation>();

        app.Clock.Advance(TimeSpan.FromHours(47));
        await reconciliation.RunOnceAsync();
        var placedLater = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var pendingAtHorizon = (await app.OrderAsync(neverOpened.Order.MerchantUid))!.Status;
        app.Clock.Advance(TimeSpan.FromHours(2));
        await reconciliation.RunOnceAsync();

        Assert.Equal(OrderStatus.Pending, pendingAtHorizon);
        Assert.Equal(OrderStatus.Abandoned, (await app.OrderAsync(neverOpened.Order.MerchantUid))!.Status);
        Assert.Equal(OrderStatus.Abandoned, (await app.OrderAsync(leftOpen.Order.MerchantUid))!.Status);
        Assert.Equal(OrderStatus.Pending, (await app.OrderAsync(placedLater.Order.MerchantUid))!.Status);

        await _shopper.ApproveAsync(window.ImpUid!, "366");
        var paid = (await app.Get<PaymentSync>().SyncAsync(window.ImpUid!, SyncSource.Webhook)).Order!;

        Assert.Equal(OrderStatus.Paid, paid.Status);
        Assert.StartsWith("paid after the order was closed as abandoned", paid.Flag, StringComparison.Ordinal);
        Assert.Equal([OrderStatus.Pending, OrderStatus.Abandoned, OrderStatus.Paid],
            (await app.Get<OrderStore>().EventsAsync(paid.Id)).Select(e => e.StatusAfter));
    }
}
