using System.Text.RegularExpressions;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Payments;

/// <summary>Nothing secret reaches a log: not the API secret, not an access token, not a card number.</summary>
public partial class SecretLoggingTests
{
    [Fact]
    public async Task A_full_flow_through_every_road_logs_no_api_secret_access_token_or_card_number()
    {
        var app = new LiveCheckoutAppAcceptingTestChannels();
        await ((IAsyncLifetime)app).InitializeAsync();
        try
        {
            var placed = await app.PlaceOrderAsync(new PaymentChoice("card", 3, "366"), ("SHOE-WAFFLE", 1));
            var impUid = await app.PortOneShopper().PayAsync(placed.RequestPayParams, "366", 3);
            await app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Callback);
            using var _ = await Notices.PostJsonAsync(app.CreateClient(), impUid, placed.Order.MerchantUid, "paid");
            var paid = (await app.OrderAsync(placed.Order.MerchantUid))!;
            await app.Get<StaffActions>().RefundAsSeenAsync(paid, 9_000, "부분 환불");
            var firstToken = await app.PortOne.TokenAsync();
            // Force a refused token and a failing API call, whose exceptions get logged with their details.
            app.PortOne.Clock.Advance(TimeSpan.FromMinutes(31));
            await app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Admin);
            var payment = await app.PortOne.PaymentAsync(impUid);
            var cardNumber = payment["card_number"]!.GetValue<string>();
            var token = await app.PortOne.TokenAsync();
            await app.PortOne.Http.PostAsync("/sandbox/control/faults", System.Net.Http.Json.JsonContent.Create(new { error_rate = 1.0 }));
            using var __ = await Notices.PostJsonAsync(app.CreateClient(), impUid, placed.Order.MerchantUid, "paid");

            var logs = string.Join("\n", app.Logs.Lines.Select(l => l.Text));

            Assert.Contains(impUid, logs, StringComparison.Ordinal); // the capture saw the flow
            Assert.Contains("503", logs, StringComparison.Ordinal);
            Assert.DoesNotContain(SandboxHostSecret, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(firstToken, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(token, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(cardNumber, logs, StringComparison.Ordinal);
            Assert.DoesNotMatch(CardLike(), logs);
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    private const string SandboxHostSecret = Sandbox.SandboxHost.ApiSecret;

    /// <summary>A run of 13–19 digits, or a masked card number (digits around asterisks).</summary>
    [GeneratedRegex(@"\b\d{13,19}\b|\d{4,6}\*{4,8}\d{4}")]
    private static partial Regex CardLike();
}
