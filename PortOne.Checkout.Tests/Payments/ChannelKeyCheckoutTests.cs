using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Features.Subscriptions;
using PortOne.Checkout.Hosting;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Payments;

/// <summary>A deployment that names its channel by channel key sends that key, and no pg, to the window.</summary>
public class ChannelKeyCheckoutTests : ComponentTestBase
{
    private const string ChannelKey = "channel-key-9987cb87-6458-4888-b94e-68d9a2da896d";
    private const string BillingChannelKey = "channel-key-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["PortOne:ChannelKey"] = ChannelKey,
        ["PortOne:BillingChannelKey"] = BillingChannelKey,
    };

    [Fact]
    public void The_billing_window_gets_the_billing_channelKey_and_no_pg()
    {
        // Only the connection and the public address take part in building the window's parameters.
        var subscribe = new SubscribeService(null!, null!, null!, Services.GetRequiredService<PortOneConnection>(),
            Services.GetRequiredService<PublicUrls>(), Options.Create(new SubscriptionOptions()), null!);

        var parameters = subscribe.CardWindowParams(new Subscription { PublicId = "s1", AccessKey = "k", PendingCustomerUid = "cuid_1", CustomerId = "cust1" }, "카드 등록");

        Assert.Equal(BillingChannelKey, parameters["channelKey"]!.GetValue<string>());
        Assert.False(parameters.ContainsKey("pg"));
    }

    [Fact]
    public void Charges_and_schedules_on_a_key_carry_channel_key_in_the_rest_body_and_no_pg()
    {
        var billing = Services.GetRequiredService<PortOneConnection>().BillingChannel;
        var charge = new BillingKeyCharge
        {
            CustomerUid = "cuid_1", MerchantUid = "sub-s1-1-1", Amount = 19_900, Name = "월간 원두 정기배송 1회차", Pg = billing.Pg, ChannelKey = billing.ChannelKey,
        };
        var schedule = new BillingSchedule { CustomerUid = "cuid_1", CustomerId = "cust1", Schedules = [], Pg = billing.Pg, ChannelKey = billing.ChannelKey };

        foreach (var json in new[] { JsonSerializer.Serialize(charge, PortOneClient.Json), JsonSerializer.Serialize(schedule, PortOneClient.Json) })
        {
            Assert.Contains($"\"channel_key\":\"{BillingChannelKey}\"", json, StringComparison.Ordinal);
            Assert.DoesNotContain("\"pg\"", json, StringComparison.Ordinal);
        }
    }

    private static PortOneConnection Connection(PortOneOptions options) =>
        new(Options.Create(options), new PublicUrls(new ConfigurationBuilder().Build()));

    [Fact]
    public async Task The_checkout_window_gets_channelKey_and_no_pg()
    {
        var checkout = Services.GetRequiredService<CheckoutService>();
        var products = await checkout.ProductsAsync();

        var placed = await checkout.PlaceOrderAsync([new CartLine(products[0].Id, 1)], CheckoutApp.Buyer(), new PaymentChoice("card"), CheckoutConsent.Given);

        Assert.Equal(ChannelKey, placed.RequestPayParams["channelKey"]!.GetValue<string>());
        Assert.False(placed.RequestPayParams.ContainsKey("pg"));
    }

    [Fact]
    public void The_billing_channel_is_named_by_its_own_key_in_the_sdk_and_in_rest_bodies()
    {
        var billing = Services.GetRequiredService<PortOneConnection>().BillingChannel;

        Assert.Equal(("channelKey", "channel_key", BillingChannelKey), (billing.SdkKey, billing.RestKey, billing.Value));
        Assert.Equal("tosspayments", Services.GetRequiredService<PortOneConnection>().PgProvider);
    }

    [Fact]
    public void Without_any_channel_setting_the_checkout_names_pg_tosspayments_and_billing_follows_it()
    {
        var connection = Connection(new PortOneOptions());

        Assert.Equal(new PortOneChannel("tosspayments", null), connection.Channel);
        Assert.Equal(("pg", "pg"), (connection.BillingChannel.SdkKey, connection.BillingChannel.RestKey));
    }

    [Fact]
    public void A_billing_pg_is_sent_as_pg_while_the_checkout_keeps_its_own_channel()
    {
        var connection = Connection(new PortOneOptions { ChannelKey = ChannelKey, BillingPg = "tosspayments.iamporttest_4" });

        Assert.Equal(new PortOneChannel("tosspayments.iamporttest_4", null), connection.BillingChannel);
        Assert.Equal(new PortOneChannel(null, ChannelKey), connection.Channel);
    }
}
