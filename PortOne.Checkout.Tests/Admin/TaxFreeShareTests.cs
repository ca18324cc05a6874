using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Orders;

namespace PortOne.Checkout.Tests.Admin;

/// <summary>
/// The tax-free part sent with each staff refund (<c>tax_free</c> of <c>POST /payments/cancel</c>): in proportion to
/// the refund, and adding up over any run of partial refunds to exactly the order's tax-free amount.
/// </summary>
public class TaxFreeShareTests
{
    // A 109,000원 pair of shoes and an 18,000원 book, which is tax-free.
    private static Order AnOrder(long cancelled = 0) => new() { Amount = 127_000, TaxFree = 18_000, CancelledAmount = cancelled };

    [Fact]
    public void A_refund_of_the_book_then_the_rest_sends_tax_free_parts_that_add_up_to_the_orders()
    {
        var book = StaffActions.TaxFreeShare(AnOrder(), 18_000);
        var rest = StaffActions.TaxFreeShare(AnOrder(cancelled: 18_000), 109_000);

        // Each rounded on its own, the two were 2,551 and 15,448: a won of tax-free reported as taxable.
        Assert.Equal((2_551L, 15_449L), (book, rest));
    }

    [Theory]
    [InlineData(new long[] { 127_000 })]
    [InlineData(new long[] { 1, 1, 1, 126_997 })]
    [InlineData(new long[] { 10_001, 33_333, 7, 50_000, 33_659 })]
    [InlineData(new long[] { 99_999, 27_001 })]
    public void Any_run_of_partial_refunds_to_the_full_amount_sends_exactly_the_orders_tax_free_amount(long[] refunds)
    {
        var (cancelled, taxFree) = (0L, 0L);
        foreach (var refund in refunds)
        {
            var share = StaffActions.TaxFreeShare(AnOrder(cancelled), refund);
            Assert.InRange(share, 0, refund);
            (cancelled, taxFree) = (cancelled + refund, taxFree + share);
        }

        Assert.Equal((127_000L, 18_000L), (cancelled, taxFree));
    }

    [Fact]
    public void An_order_without_tax_free_goods_sends_none()
    {
        Assert.Equal(0, StaffActions.TaxFreeShare(new Order { Amount = 109_000, CancelledAmount = 9_000 }, 50_000));
    }
}
