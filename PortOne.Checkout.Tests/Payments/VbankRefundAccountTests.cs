using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Payments;

/// <summary>
/// Refunding a paid virtual account needs the account the money goes back to. A form PortOne would refuse for its
/// account is answered here, naming the field, before anything is sent; one it would take is sent as TossPayments
/// wants it (the number in digits only).
/// </summary>
public class VbankRefundAccountTests(ManualReconciliationApp app) : IClassFixture<ManualReconciliationApp>
{
    [Theory]
    [InlineData("", "088", "110123456789", "예금주")]
    [InlineData("홍길동", "", "110123456789", "은행")]
    [InlineData("홍길동", "88", "110123456789", "은행")]
    [InlineData("홍길동", "BK88", "110123456789", "은행")]
    [InlineData("홍길동", "088", "", "계좌번호")]
    [InlineData("홍길동", "088", "110-123", "계좌번호")]
    [InlineData("홍길동", "088", "110-123-456789 (신한)", "계좌번호")]
    public async Task A_refund_account_PortOne_would_refuse_is_named_and_nothing_is_sent(string holder, string bank, string number, string field)
    {
        var (paid, impUid) = await app.DepositedVbankOrderAsync(("BAG-CANVAS", 1));

        var answer = await app.Get<StaffActions>().RefundAsSeenAsync(paid, null, "주문 취소", new VbankRefundAccount(holder, bank, number));

        // Our own answer, not PortOne's refusal passed on: the request never left.
        Assert.Equal($"가상계좌 결제는 고객이 알려 준 계좌로 환불됩니다. 이 항목을 확인하세요: {field}", answer);
        Assert.Equal(0m, (await app.Get<PortOneClient>().GetPaymentAsync(impUid))!.CancelAmount);
        Assert.Equal(OrderStatus.Paid, (await app.OrderAsync(paid.MerchantUid))!.Status);
    }

    [Fact]
    public async Task An_account_typed_with_a_bankbooks_hyphens_refunds_the_deposit()
    {
        var (paid, impUid) = await app.DepositedVbankOrderAsync(("BAG-CANVAS", 1));

        await app.Get<StaffActions>().RefundAsSeenAsync(paid, null, "주문 취소", new VbankRefundAccount(" 홍길동 ", "090", "3333-01-2345678"));

        Assert.Equal(paid.Amount, (await app.Get<PortOneClient>().GetPaymentAsync(impUid))!.CancelAmount);
        Assert.Equal(OrderStatus.Refunded, (await app.OrderAsync(paid.MerchantUid))!.Status);
    }

    [Theory]
    [InlineData("3333-01-2345678", "3333012345678")]
    [InlineData("110 123 456789", "110123456789")]
    public void The_number_goes_to_PortOne_in_digits_only(string typed, string sent)
    {
        Assert.Equal(sent, new VbankRefundAccount("홍길동", "088", typed).Digits);
    }
}
