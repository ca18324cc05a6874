using System.Security.Claims;
using System.Text;
using Dapper;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Features.PhoneOrders;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.PhoneOrders;

/// <summary>
/// Phone orders against the sandbox's onetime, customers and again APIs: approvals, declines and authentication
/// failures told apart; saved cards only as PortOne shows them; card data kept nowhere; every action audited.
/// </summary>
public class PhoneOrderTests(CheckoutApp app) : IClassFixture<CheckoutApp>
{
    private static PhoneOrderInput AnOrder(string card, long amount = 64_000, int quota = 0) => new()
    {
        OrderName = "전화 주문: 원두 2kg", Amount = amount, CardQuota = quota, BuyerName = "박전화", BuyerTel = "010-3456-7890",
        BuyerEmail = "park@example.com", CardNumber = card, Expiry = "12/30", Birth = "820213", Pwd2Digit = "00",
    };

    /// <summary>The signed-in member of staff taking the call.</summary>
    private static readonly ClaimsPrincipal Staff = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "phone-desk")], "test"));

    private static CardRegistrationInput ACard(string card) => new()
    {
        HolderName = "박정기", HolderTel = "010-3456-7890", HolderEmail = "park@example.com", CardNumber = card, Expiry = "12/30", Birth = "820213", Pwd2Digit = "00",
    };

    private static SavedCardChargeInput AChargeOn(SavedCard card, long amount = 55_000, int quota = 0) =>
        new() { SavedCardId = card.Id, OrderName = "정기 주문: 원두 2kg", Amount = amount, CardQuota = quota };

    private PhoneOrderService Service => app.Get<PhoneOrderService>();

    private PortOneClient PortOne => app.Get<PortOneClient>();

    [Fact]
    public async Task An_approved_card_pays_the_order_through_the_sync_with_the_chosen_installments()
    {
        var result = await Service.ChargeAsync(AnOrder("5361-4800-0000-0001", quota: 3), Staff);

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
        var declined = await Service.ChargeAsync(AnOrder("5361-4800-0000-0002"), Staff);
        var unauthenticated = await Service.ChargeAsync(AnOrder("5361-4800-0000-0004"), Staff);

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

        var result = await Service.ChargeAsync(AnOrder(card, amount, quota), Staff);

        Assert.Equal((PhoneOrderOutcome.Invalid, field), (result.Outcome, result.Detail));
        Assert.Equal(before, (await app.Get<OrderStore>().ListAsync(1000, 0)).Count);
    }

    [Fact]
    public async Task Saving_the_card_with_a_charge_keeps_a_key_the_server_made_only_as_PortOne_shows_it()
    {
        var input = AnOrder("5361-4800-0000-0001");
        input.SaveCard = true;

        var result = await Service.ChargeAsync(input, Staff);

        Assert.Equal(PhoneOrderOutcome.Paid, result.Outcome);
        var card = result.Card!;
        Assert.Matches("^cuid_[0-9a-f]{32}$", card.CustomerUid);
        var atPortOne = (await PortOne.GetCustomerAsync(card.CustomerUid))!;
        Assert.Equal((atPortOne.CardName, atPortOne.CardNumber, atPortOne.CustomerId), (card.CardName, card.CardNumber, card.CustomerId));
        Assert.Matches(@"^\d{6}\*+\d{4}$", card.CardNumber!);
        Assert.Equal(("박전화", "010-3456-7890", "phone-desk"), (card.HolderName, card.HolderTel, card.CreatedBy));
        Assert.Equal(card.CustomerUid, (await PortOne.GetPaymentAsync(result.Order!.ImpUid!))!.CustomerUid);
    }

    [Fact]
    public async Task A_phone_order_form_posted_again_or_twice_at_once_charges_the_card_once()
    {
        var orders = app.Get<OrderStore>();
        var before = (await orders.ListAsync(1000, 0)).Count;
        var key = Service.NewRequestKey();

        // A double click sends copies together; back and resubmit sends one later.
        var together = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => Service.ChargeAsync(WithKey(AnOrder("5361-4800-0000-0001"), key), Staff))));
        var later = await Service.ChargeAsync(WithKey(AnOrder("5361-4800-0000-0001"), key), Staff);

        var paid = Assert.Single(together, r => r.Outcome == PhoneOrderOutcome.Paid);
        Assert.All(together.Where(r => r != paid).Append(later), r =>
            Assert.Equal((PhoneOrderOutcome.AlreadyDone, paid.Order!.MerchantUid), (r.Outcome, r.Order!.MerchantUid)));
        Assert.Equal(before + 1, (await orders.ListAsync(1000, 0)).Count);
        Assert.Equal("paid", (await PortOne.FindPaymentAsync(paid.Order!.MerchantUid))!.Status);
    }

    [Fact]
    public async Task A_saved_card_charge_posted_again_charges_once_and_a_key_this_server_did_not_seal_charges_nothing()
    {
        var card = (await Service.RegisterCardAsync(ACard("5361-4800-0000-0001"), Staff)).Card!;
        var orders = app.Get<OrderStore>();
        var before = (await orders.ListAsync(1000, 0)).Count;
        var charge = AChargeOn(card);
        charge.RequestKey = Service.NewRequestKey();

        var first = await Service.ChargeSavedCardAsync(charge, Staff);
        var again = await Service.ChargeSavedCardAsync(charge, Staff);
        var forged = AChargeOn(card);
        forged.RequestKey = "tel-20261202-made-up-by-a-form";
        var refused = await Service.ChargeSavedCardAsync(forged, Staff);

        Assert.Equal(PhoneOrderOutcome.Paid, first.Outcome);
        Assert.Equal((PhoneOrderOutcome.AlreadyDone, first.Order!.MerchantUid), (again.Outcome, again.Order!.MerchantUid));
        Assert.Equal((PhoneOrderOutcome.Invalid, "request"), (refused.Outcome, refused.Detail));
        Assert.Equal(before + 1, (await orders.ListAsync(1000, 0)).Count);
    }

    private static PhoneOrderInput WithKey(PhoneOrderInput input, string key)
    {
        input.RequestKey = key;
        return input;
    }

    [Fact]
    public async Task A_card_registered_alone_moves_no_money_and_a_later_charge_on_it_is_an_order_settled_by_the_sync()
    {
        var ordersBefore = (await app.Get<OrderStore>().ListAsync(1000, 0)).Count;

        var registered = await Service.RegisterCardAsync(ACard("5361-4800-0000-0001"), Staff);

        Assert.Equal(CardRegistrationOutcome.Registered, registered.Outcome);
        var card = registered.Card!;
        Assert.Equal(card.CardNumber, (await PortOne.GetCustomerAsync(card.CustomerUid))!.CardNumber);
        Assert.StartsWith("tel", card.CustomerId, StringComparison.Ordinal);
        Assert.Equal(ordersBefore, (await app.Get<OrderStore>().ListAsync(1000, 0)).Count);

        var charged = await Service.ChargeSavedCardAsync(AChargeOn(card, 55_000, 3), Staff);

        Assert.Equal(PhoneOrderOutcome.Paid, charged.Outcome);
        var order = charged.Order!;
        Assert.StartsWith("tel-", order.MerchantUid, StringComparison.Ordinal);
        Assert.Equal((OrderStatus.Paid, 55_000L, 3, "박정기"), (order.Status, order.Amount, order.PaidCardQuota, order.BuyerName));
        Assert.Equal(card.CustomerUid, (await PortOne.GetPaymentAsync(order.ImpUid!))!.CustomerUid);
        Assert.Single(await app.Get<OrderStore>().EventsAsync(order.Id), e => e.StatusAfter == OrderStatus.Paid);
    }

    [Fact]
    public async Task A_declined_charge_on_a_saved_card_and_a_key_PortOne_no_longer_has_are_told_apart()
    {
        // The limit card authenticates, so its key is made; the card company declines when money moves.
        var limited = (await Service.RegisterCardAsync(ACard("5361-4800-0000-0002"), Staff)).Card!;
        var deleted = (await Service.RegisterCardAsync(ACard("5361-4800-0000-0001"), Staff)).Card!;
        await PortOne.DeleteCustomerAsync(deleted.CustomerUid, "removed in PortOne's console");

        var declined = await Service.ChargeSavedCardAsync(AChargeOn(limited), Staff);
        var refused = await Service.ChargeSavedCardAsync(AChargeOn(deleted), Staff);

        Assert.Equal(PhoneOrderOutcome.Declined, declined.Outcome);
        Assert.Contains("REJECT_CARD_PAYMENT", declined.Detail, StringComparison.Ordinal);
        Assert.Equal(OrderStatus.Failed, declined.Order!.Status);
        Assert.Equal(PhoneOrderOutcome.KeyRefused, refused.Outcome);
        Assert.Equal(OrderStatus.Failed, refused.Order!.Status);
        Assert.Null(await PortOne.FindPaymentAsync(refused.Order.MerchantUid));
    }

    [Fact]
    public async Task A_card_that_fails_authentication_is_not_saved_and_bad_input_is_not_sent()
    {
        var before = (await app.Get<SavedCardStore>().ListAsync(1000)).Count;
        var badBirth = ACard("5361-4800-0000-0001");
        badBirth.Birth = "8202";

        var noSuchDay = ACard("5361-4800-0000-0001");
        noSuchDay.Birth = "901301";

        var unauthenticated = await Service.RegisterCardAsync(ACard("5361-4800-0000-0004"), Staff);
        var wrongBirth = await Service.RegisterCardAsync(noSuchDay, Staff);
        var invalid = await Service.RegisterCardAsync(badBirth, Staff);

        Assert.Equal((CardRegistrationOutcome.AuthenticationFailed, (SavedCard?)null), (unauthenticated.Outcome, unauthenticated.Card));
        Assert.Contains("카드정보 인증에 실패", unauthenticated.Detail, StringComparison.Ordinal);
        // Six digits pass our check; the card company finds no such day and fails the authentication.
        Assert.Equal(CardRegistrationOutcome.AuthenticationFailed, wrongBirth.Outcome);
        Assert.Contains("생년월일", wrongBirth.Detail, StringComparison.Ordinal);
        Assert.Equal((CardRegistrationOutcome.Invalid, "birth"), (invalid.Outcome, invalid.Detail));
        Assert.Equal(before, (await app.Get<SavedCardStore>().ListAsync(1000)).Count);
    }

    [Fact]
    public async Task Each_phone_order_action_leaves_an_audit_entry_naming_the_order_or_the_key()
    {
        var staff = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "audited-desk")], "test"));
        var input = AnOrder("5361-4800-0000-0001");
        input.SaveCard = true;

        var charged = await Service.ChargeAsync(input, staff);
        var registered = await Service.RegisterCardAsync(ACard("5361-4800-0000-0001"), staff);
        var again = await Service.ChargeSavedCardAsync(AChargeOn(registered.Card!), staff);

        var entries = await app.Get<AuditTrail>().SearchAsync(new AuditFilter(Actor: "audited-desk"));
        Assert.Equal(
            [(PhoneOrderAuditActions.PhoneOrder, charged.Order!.MerchantUid), (PhoneOrderAuditActions.CardSaved, registered.Card!.CustomerUid),
             (PhoneOrderAuditActions.SavedCardCharge, again.Order!.MerchantUid)],
            entries.OrderBy(e => e.Id).Select(e => (e.Action, e.Target)));
        Assert.All(entries, e => Assert.Equal(AuditResults.Done, e.Result));
        Assert.Contains("card saved as", entries.OrderBy(e => e.Id).First().Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_card_number_expiry_birth_date_and_pin_digits_are_in_no_table_and_no_log_line()
    {
        const string card = "5361-4800-7777-0001";
        await Service.ChargeAsync(AnOrder(card), Staff);
        await Service.ChargeAsync(AnOrder("5361-4800-7777-0004"), Staff);
        // The roads that keep a key: with a charge, alone (and refused), and charging the kept key.
        var saving = AnOrder("5361-4800-7777-0011");
        saving.SaveCard = true;
        await Service.ChargeAsync(saving, Staff);
        var registered = await Service.RegisterCardAsync(ACard("5361-4800-7777-0021"), Staff);
        await Service.RegisterCardAsync(ACard("5361-4800-7777-0004"), Staff);
        Assert.Equal(PhoneOrderOutcome.Paid, (await Service.ChargeSavedCardAsync(AChargeOn(registered.Card!), Staff)).Outcome);

        var database = await DumpAsync();
        var logs = string.Join('\n', app.Logs.Lines.Select(l => l.Text));
        foreach (var secret in new[] { "536148007777", "5361-4800-7777", "4800-7777", "820213", "2030-12", "12/30" })
        {
            Assert.DoesNotContain(secret, database, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
        var request = new KeyedCardCharge { MerchantUid = "tel-1", Amount = 1_000, Name = "x", CardNumber = card, Expiry = "2030-12", Birth = "820213", Pwd2digit = "00" };
        Assert.DoesNotContain("7777", request.ToString(), StringComparison.Ordinal);
        var registration = new BillingKeyRegistration { CustomerId = "tel1", CardNumber = card, Expiry = "2030-12", Birth = "820213", Pwd2digit = "00" };
        Assert.DoesNotContain("7777", registration.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Every text value of every table, as one string.</summary>
    private async Task<string> DumpAsync()
    {
        await using var connection = await app.OpenDatabaseAsync();
        return await DatabaseDump.TextAsync(connection);
    }
}
