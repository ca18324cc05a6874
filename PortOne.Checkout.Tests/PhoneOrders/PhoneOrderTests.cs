using System.Text;
using Dapper;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Features.PhoneOrders;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.PhoneOrders;

/// <summary>Phone orders against the sandbox's onetime API: approvals, declines and authentication failures told apart; card data kept nowhere.</summary>
public class PhoneOrderTests(CheckoutApp app) : IClassFixture<CheckoutApp>
{
    private static PhoneOrderInput AnOrder(string card, long amount = 64_000, int quota = 0) => new()
    {
        OrderName = "전화 주문: 원두 2kg", Amount = amount, CardQuota = quota, BuyerName = "박전화", BuyerTel = "010-3456-7890",
        BuyerEmail = "park@example.com", CardNumber = card, Expiry = "12/30", Birth = "820213", Pwd2Digit = "00",
    };

    private PhoneOrderService Service => app.Get<PhoneOrderService>();

    [Fact]
    public async Task An_approved_card_pays_the_order_through_the_sync_with_the_chosen_installments()
    {
        var result = await Service.ChargeAsync(AnOrder("5361-4800-0000-0001", quota: 3));

        Assert.Equal(PhoneOrderOutcome.Paid, result.Outcome);
        var order = result.Order!;
        Assert.Equal((OrderStatus.Paid, 64_000L, 3), (order.Status, order.Amount, order.PaidCardQuota));
        var payment = (await app.Get<PortOneClient>().GetPaymentAsync(order.ImpUid!))!;
        Assert.Equal(("api", "paid"), (payment.Channel, payment.Status));
        // onetime's answer and its webhook race to the sync: whichever wins, the order is paid once.
        Assert.Single(await app.Get<OrderStore>().EventsAsync(order.Id), e => e.StatusAfter == OrderStatus.Paid);
    }

    [Fact]
    public async Task A_decline_and_a_failed_authentication_are_told_apart()
    {
        var declined = await Service.ChargeAsync(AnOrder("5361-4800-0000-0002"));
        var unauthenticated = await Service.ChargeAsync(AnOrder("5361-4800-0000-0004"));

        Assert.Equal(PhoneOrderOutcome.Declined, declined.Outcome);
        Assert.Contains("REJECT_CARD_PAYMENT", declined.Detail, StringComparison.Ordinal);
        Assert.Equal(OrderStatus.Failed, declined.Order!.Status);
        Assert.Equal(PhoneOrderOutcome.AuthenticationFailed, unauthenticated.Outcome);
        Assert.Contains("카드정보 인증에 실패", unauthenticated.Detail, StringComparison.Ordinal);
        Assert.Equal(OrderStatus.Failed, unauthenticated.Order!.Status);
        Assert.StartsWith("card authentication failed", unauthenticated.Order.StatusReason, StringComparison.Ordinal);
        Assert.Null(await app.Get<PortOneClient>().FindPaymentAsync(unauthenticated.Order.MerchantUid));
    }

    [Theory]
    [InlineData("5361-4800-0000-0001", 30_000, 3, "card-quota")]
    [InlineData("5361-4800-00", 30_000, 0, "card-number")]
    [InlineData("5361-4800-0000-000x", 30_000, 0, "card-number")]
    public async Task Input_the_server_will_not_send_names_the_field_and_creates_no_order(string card, long amount, int quota, string field)
    {
        var before = (await app.Get<OrderStore>().ListAsync(1000, 0)).Count;

        var result = await Service.ChargeAsync(AnOrder(card, amount, quota));

        Assert.Equal((PhoneOrderOutcome.Invalid, field), (result.Outcome, result.Detail));
        Assert.Equal(before, (await app.Get<OrderStore>().ListAsync(1000, 0)).Count);
    }

    [Fact]
    public async Task The_card_number_expiry_birth_date_and_pin_digits_are_in_no_table_and_no_log_line()
    {
        const string card = "5361-4800-7777-0001";
        await Service.ChargeAsync(AnOrder(card));
        await Service.ChargeAsync(AnOrder("5361-4800-7777-0004"));

        var database = await DumpAsync();
        var logs = string.Join('\n', app.Logs.Lines.Select(l => l.Text));
        foreach (var secret in new[] { "536148007777", "5361-4800-7777", "4800-7777", "820213", "2030-12", "12/30" })
        {
            Assert.DoesNotContain(secret, database, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
        var request = new KeyedCardCharge { MerchantUid = "tel-1", Amount = 1_000, Name = "x", CardNumber = card, Expiry = "2030-12", Birth = "820213", Pwd2digit = "00" };
        Assert.DoesNotContain("7777", request.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Every text value of every table, as one string.</summary>
    private async Task<string> DumpAsync()
    {
        await using var connection = await app.OpenDatabaseAsync();
        return await DatabaseDump.TextAsync(connection);
    }
}
