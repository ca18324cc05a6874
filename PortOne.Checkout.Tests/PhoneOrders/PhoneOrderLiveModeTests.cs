using System.Security.Claims;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.PhoneOrders;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.PhoneOrders;

/// <summary>
/// Phone charges with the app in Live mode against PortOne hosted elsewhere, whose every payment is a test-channel
/// one: PortOne takes the money, the sync will not let it pay the order. Staff must hear that the money moved,
/// not that the card was declined, or they charge the card again.
/// </summary>
public class PhoneOrderLiveModeTests(LiveCheckoutApp app) : IClassFixture<LiveCheckoutApp>
{
    private static readonly ClaimsPrincipal Staff = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "phone-desk")], "test"));

    private PhoneOrderService Service => app.Get<PhoneOrderService>();

    [Fact]
    public async Task A_keyed_charge_PortOne_took_but_the_sync_held_back_is_reported_as_held_not_declined()
    {
        var result = await Service.ChargeAsync(new PhoneOrderInput
        {
            OrderName = "전화 주문: 원두 1kg", Amount = 32_000, BuyerName = "박전화", BuyerTel = "010-3456-7890", BuyerEmail = "park@example.com",
            CardNumber = "5361-4800-0000-0001", Expiry = "12/30", Birth = "820213", Pwd2Digit = "00",
        }, Staff);

        await AssertHeldAsync(result, 32_000);
    }

    [Fact]
    public async Task A_saved_card_charge_PortOne_took_but_the_sync_held_back_is_reported_as_held_not_declined()
    {
        var card = (await Service.RegisterCardAsync(new CardRegistrationInput
        {
            HolderName = "박정기", HolderTel = "010-3456-7890", CardNumber = "5361-4800-0000-0001", Expiry = "12/30", Birth = "820213", Pwd2Digit = "00",
        }, Staff)).Card!;

        var result = await Service.ChargeSavedCardAsync(
            new SavedCardChargeInput { SavedCardId = card.Id, OrderName = "정기 주문: 원두 1kg", Amount = 41_000 }, Staff);

        await AssertHeldAsync(result, 41_000);
    }

    private async Task AssertHeldAsync(PhoneOrderResult result, long amount)
    {
        Assert.Equal(PhoneOrderOutcome.Held, result.Outcome);
        var order = (await app.OrderAsync(result.Order!.MerchantUid))!;
        Assert.Equal((OrderStatus.Pending, amount), (order.Status, order.Amount));
        Assert.Contains("test channel", order.Flag, StringComparison.Ordinal);
        Assert.Equal(order.Flag, result.Detail);
    }
}
