using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Admin;

/// <summary>Staff issue a cash receipt (현금영수증) for a paid transfer through PortOne's receipts API.</summary>
public class CashReceiptTests(CheckoutApp app) : IClassFixture<CheckoutApp>
{
    private readonly SandboxShopper _shopper = app.Shopper();

    private async Task<Order> PaidAsync(string payMethod)
    {
        var placed = await app.PlaceOrderAsync(new PaymentChoice(payMethod), ("BOOK-HANGUL", 3));
        var impUid = await _shopper.PayAsync(placed.RequestPayParams, cardCode: payMethod == "card" ? "366" : null);
        return (await app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Callback)).Order!;
    }

    [Fact]
    public async Task A_paid_transfer_gets_a_cash_receipt_for_income_deduction_once()
    {
        var order = await PaidAsync("trans");
        var staff = app.Get<StaffActions>();

        var issued = await staff.IssueCashReceiptAsync(order, "010-1234-5678", "person");

        var stored = (await app.OrderAsync(order.MerchantUid))!;
        Assert.StartsWith("현금영수증을 발급했습니다", issued, StringComparison.Ordinal);
        Assert.Equal(("person", false), (stored.CashReceiptType, string.IsNullOrEmpty(stored.CashReceiptApplyNum)));
        Assert.False(stored.AllowsCashReceipt);
        var payment = await app.Get<PortOneClient>().GetPaymentAsync(order.ImpUid!);
        Assert.True(payment!.CashReceiptIssued);
        Assert.Contains(await app.Get<OrderStore>().EventsAsync(order.Id), e => e.Detail!.StartsWith("cash receipt issued", StringComparison.Ordinal));
        Assert.StartsWith("현금영수증을 발급할 수 없는", await staff.IssueCashReceiptAsync(stored, "010-1234-5678", "person"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_buyers_number_is_not_kept_or_logged()
    {
        var order = await PaidAsync("trans");

        await app.Get<StaffActions>().IssueCashReceiptAsync(order, "123-45-67890", "company");

        Assert.DoesNotContain(app.Logs.Lines, l => l.Text.Contains("1234567890", StringComparison.Ordinal));
        var events = await app.Get<OrderStore>().EventsAsync(order.Id);
        Assert.DoesNotContain(events, e => (e.Detail ?? "").Contains("1234567890", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_card_payment_gets_no_cash_receipt()
    {
        var order = await PaidAsync("card");

        var answer = await app.Get<StaffActions>().IssueCashReceiptAsync(order, "010-1234-5678", "person");

        Assert.StartsWith("현금영수증을 발급할 수 없는", answer, StringComparison.Ordinal);
        Assert.Null((await app.OrderAsync(order.MerchantUid))!.CashReceiptIssuedAt);
    }

    [Theory]
    [InlineData("person", "12345")]
    [InlineData("company", "010-1234-5678")]
    public async Task A_number_that_does_not_fit_the_type_is_refused_before_portone_is_asked(string type, string identifier)
    {
        var order = await PaidAsync("trans");

        var answer = await app.Get<StaffActions>().IssueCashReceiptAsync(order, identifier, type);

        Assert.StartsWith("소득공제는", answer, StringComparison.Ordinal);
        Assert.Null((await app.OrderAsync(order.MerchantUid))!.CashReceiptIssuedAt);
    }
}
