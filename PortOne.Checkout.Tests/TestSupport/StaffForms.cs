using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Orders;

namespace PortOne.Checkout.Tests.TestSupport;

internal static class StaffForms
{
    /// <summary>Refunds as a staff member would from a freshly rendered order page: its own token, the balance <paramref name="order"/> shows.</summary>
    internal static async Task<string> RefundAsSeenAsync(this StaffActions staff, Order order, long? amount, string reason, VbankRefundAccount? account = null) =>
        await staff.RefundAsync(order, new RefundForm(await staff.NewRefundTokenAsync(order), order.RefundableAmount, amount, reason) { Account = account });
}
