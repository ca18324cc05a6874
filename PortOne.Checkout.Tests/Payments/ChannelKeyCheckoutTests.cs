using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Payments;
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
