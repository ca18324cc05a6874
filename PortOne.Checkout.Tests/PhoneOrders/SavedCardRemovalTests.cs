using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Features.PhoneOrders;
using PortOne.Checkout.Tests.Admin;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.PhoneOrders;

/// <summary>
/// Staff remove a saved card against the sandbox's <c>DELETE /subscribe/customers/{customer_uid}</c>: PortOne deletes
/// the key first and only then is the card marked removed; a failure changes nothing; a second post or a stale charge
/// form is answered without harm; every removal and failed attempt is audited without card data.
/// </summary>
public class SavedCardRemovalTests(BackOfficeApp app) : IClassFixture<BackOfficeApp>
{
    private const string CardsPage = "/admin/phone-orders/cards";

    private static readonly ClaimsPrincipal Staff = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "privacy-desk")], "test"));

    private PhoneOrderService Service => app.Get<PhoneOrderService>();

    private SavedCardStore Cards => app.Get<SavedCardStore>();

    private PortOneClient PortOne => app.Get<PortOneClient>();

    private async Task<SavedCard> RegisterAsync(string card = "5361-4800-0000-0001", string holder = "한삭제")
    {
        var registered = await Service.RegisterCardAsync(new CardRegistrationInput
        {
            HolderName = holder, HolderTel = "010-2222-3333", HolderEmail = "forget@example.com", CardNumber = card, Expiry = "12/30",
            Birth = "820213", Pwd2Digit = "00",
        }, Staff);
        Assert.Equal(CardRegistrationOutcome.Registered, registered.Outcome);
        return registered.Card!;
    }

    private static SavedCardChargeInput AChargeOn(SavedCard card) =>
        new() { SavedCardId = card.Id, OrderName = "전화 주문: 원두 1kg", Amount = 32_000 };

    private async Task<IReadOnlyList<AuditEntry>> RemovalAuditAsync(SavedCard card) =>
        [.. (await app.Get<AuditTrail>().SearchAsync(new AuditFilter(Action: PhoneOrderAuditActions.CardRemoved)))
            .Where(e => e.Target == card.CustomerUid).OrderBy(e => e.Id)];

    [Fact]
    public async Task A_removal_deletes_the_key_at_PortOne_then_hides_the_card_forgets_the_holders_contact_and_keeps_past_orders()
    {
        var card = await RegisterAsync();
        var paid = await Service.ChargeSavedCardAsync(AChargeOn(card), Staff);
        Assert.Equal(PhoneOrderOutcome.Paid, paid.Outcome);

        var removal = await Service.RemoveCardAsync(card.Id, Staff);

        Assert.Equal(CardRemovalOutcome.Removed, removal.Outcome);
        Assert.Null(await PortOne.GetCustomerAsync(card.CustomerUid));
        Assert.DoesNotContain(await Cards.ListAsync(1000), c => c.Id == card.Id);
        var kept = (await Cards.FindAsync(card.Id))!;
        Assert.Equal(("privacy-desk", "", "", (string?)null, "한삭제", card.CustomerUid),
            (kept.RemovedBy, kept.HolderTel, kept.HolderEmail, kept.CardNumber, kept.HolderName, kept.CustomerUid));
        Assert.NotNull(kept.RemovedAt);
        // The order the card paid is the record of that payment and stays whole.
        var order = (await app.Get<OrderStore>().FindAsync(paid.Order!.MerchantUid))!;
        Assert.Equal((OrderStatus.Paid, "한삭제", "010-2222-3333"), (order.Status, order.BuyerName, order.BuyerTel));
        var entry = Assert.Single(await RemovalAuditAsync(card));
        Assert.Equal((AuditResults.Done, "privacy-desk"), (entry.Result, entry.Actor));
        Assert.DoesNotContain(card.CardNumber!, entry.Detail ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("4800", entry.Detail ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_PortOne_fails_the_card_stays_as_it_was_the_attempt_is_audited_and_a_later_try_removes_it()
    {
        var card = await RegisterAsync();

        CardRemovalResult failed;
        await SetFaultsAsync(1.0);
        try
        {
            failed = await Service.RemoveCardAsync(card.Id, Staff);
        }
        finally
        {
            await SetFaultsAsync(0);
        }

        Assert.Equal(CardRemovalOutcome.Failed, failed.Outcome);
        Assert.NotNull(await PortOne.GetCustomerAsync(card.CustomerUid));
        var unchanged = (await Cards.FindAsync(card.Id))!;
        Assert.Equal((null, "010-2222-3333", card.CardNumber), (unchanged.RemovedAt, unchanged.HolderTel, unchanged.CardNumber));
        Assert.Contains(await Cards.ListAsync(1000), c => c.Id == card.Id);
        Assert.Equal(PhoneOrderOutcome.Paid, (await Service.ChargeSavedCardAsync(AChargeOn(card), Staff)).Outcome);

        var retried = await Service.RemoveCardAsync(card.Id, Staff);

        Assert.Equal(CardRemovalOutcome.Removed, retried.Outcome);
        Assert.Null(await PortOne.GetCustomerAsync(card.CustomerUid));
        Assert.Equal([AuditResults.Failed, AuditResults.Done], (await RemovalAuditAsync(card)).Select(e => e.Result));
    }

    [Fact]
    public async Task A_key_PortOne_no_longer_has_counts_as_deleted_and_the_card_is_removed()
    {
        var card = await RegisterAsync();
        // Deleted in PortOne's console, or by an earlier attempt whose answer was lost.
        await PortOne.DeleteCustomerAsync(card.CustomerUid, "test");

        var removal = await Service.RemoveCardAsync(card.Id, Staff);

        Assert.Equal(CardRemovalOutcome.Removed, removal.Outcome);
        Assert.NotNull((await Cards.FindAsync(card.Id))!.RemovedAt);
    }

    [Fact]
    public async Task A_removal_posted_again_or_twice_at_once_removes_the_card_once_and_is_audited_once()
    {
        var once = await RegisterAsync();
        var raced = await RegisterAsync();

        var first = await Service.RemoveCardAsync(once.Id, Staff);
        var again = await Service.RemoveCardAsync(once.Id, Staff);
        var together = await Task.WhenAll(Service.RemoveCardAsync(raced.Id, Staff), Service.RemoveCardAsync(raced.Id, Staff));

        Assert.Equal((CardRemovalOutcome.Removed, CardRemovalOutcome.AlreadyRemoved), (first.Outcome, again.Outcome));
        Assert.Equal([CardRemovalOutcome.Removed, CardRemovalOutcome.AlreadyRemoved], together.Select(r => r.Outcome).Order());
        Assert.Single(await RemovalAuditAsync(once));
        Assert.Single(await RemovalAuditAsync(raced));
        Assert.Null(await PortOne.GetCustomerAsync(raced.CustomerUid));
    }

    [Fact]
    public async Task A_charge_on_a_removed_card_is_refused_and_makes_no_order_even_with_a_key_sealed_before_the_removal()
    {
        var card = await RegisterAsync();
        var stale = AChargeOn(card);
        stale.RequestKey = Service.NewRequestKey();
        await Service.RemoveCardAsync(card.Id, Staff);
        var orders = app.Get<OrderStore>();
        var before = (await orders.ListAsync(1000, 0)).Count;

        var refused = await Service.ChargeSavedCardAsync(stale, Staff);

        Assert.Equal((PhoneOrderOutcome.CardRemoved, (Order?)null), (refused.Outcome, refused.Order));
        Assert.Equal(before, (await orders.ListAsync(1000, 0)).Count);
    }

    [Fact]
    public async Task Staff_confirm_a_removal_on_the_page_and_a_second_post_or_a_stale_charge_form_is_answered_in_plain_words()
    {
        var card = await RegisterAsync(holder: "페이지삭제");
        // The last card: once it is gone the page offers no card to charge, and the stale charge must still be answered.
        await app.ExecuteAsync("UPDATE saved_cards SET removed_at = 1, removed_by = 'earlier' WHERE id <> @Id AND removed_at IS NULL;", new { card.Id });
        using var staff = await app.SignedInAsync(StaffRoles.Staff);
        var confirmPath = $"{CardsPage}?remove={card.Id}";

        var list = await staff.PageAsync(CardsPage);
        var link = list.QuerySelectorAll("a").Single(a => a.GetAttribute("aria-label") == $"#{card.Id} 페이지삭제 · {card.CardName} {card.CardNumber} 카드 삭제");
        Assert.Equal($"{confirmPath}#remove-card", link.GetAttribute("href"));
        // Nothing posts from the list itself: the link only opens the confirmation.
        Assert.DoesNotContain(list.Forms, f => f.QuerySelector("input[name=_handler][value='card-removal']") is not null);
        var confirm = await staff.PageAsync(confirmPath);
        Assert.Contains("PortOne에서 빌링키를 지우며 되돌릴 수 없습니다", confirm.QuerySelector("#remove-card")!.TextContent, StringComparison.Ordinal);
        var chargeForm = FormFields(await staff.PageAsync(CardsPage), "saved-card-charge");
        // The page picks the newest card; this one is picked as staff would in the select.
        chargeForm["Charge.SavedCardId"] = card.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        chargeForm["Charge.CardQuota"] = "0";
        chargeForm["Charge.OrderName"] = "전화 주문: 원두 1kg";
        chargeForm["Charge.Amount"] = "32000";
        var removalForm = FormFields(confirm, "card-removal");

        var removed = await TextAsync(await staff.PostAsync(confirmPath, removalForm));
        var again = await TextAsync(await staff.PostAsync(confirmPath, removalForm));
        var charged = await TextAsync(await staff.PostAsync(CardsPage, chargeForm));

        Assert.Contains($"카드를 삭제했습니다: #{card.Id} 페이지삭제", removed, StringComparison.Ordinal);
        Assert.DoesNotContain("이 카드 삭제", removed, StringComparison.Ordinal);
        Assert.Contains($"이미 삭제된 카드입니다: #{card.Id} 페이지삭제", again, StringComparison.Ordinal);
        Assert.Contains("이 카드는 삭제되어 결제할 수 없습니다. 결제하지 않았고 주문도 만들지 않았습니다.", charged, StringComparison.Ordinal);
        Assert.Contains("저장한 카드가 없습니다.", charged, StringComparison.Ordinal);
        Assert.DoesNotContain(card.CustomerUid, charged, StringComparison.Ordinal);
        Assert.Single(await RemovalAuditAsync(card));
    }

    [Theory]
    [InlineData("ko", "결제사(PortOne)가 빌링키 삭제를 확인해 주지 않아 카드를 그대로 두었습니다.", "이 카드 삭제")]
    [InlineData("en", "PortOne did not confirm deleting the billing key, so the card is kept and nothing changed.", "Remove this card")]
    public async Task When_PortOne_fails_the_page_says_so_and_offers_the_confirmation_again(string culture, string message, string button)
    {
        var card = await RegisterAsync();
        using var staff = await app.SignedInAsync(StaffRoles.Staff);
        staff.Cookies.Add(app.BaseUri, new Cookie(".AspNetCore.Culture", $"c={culture}|uic={culture}"));
        var confirmPath = $"{CardsPage}?remove={card.Id}";
        var removalForm = FormFields(await staff.PageAsync(confirmPath), "card-removal");

        string page;
        await SetFaultsAsync(1.0);
        try
        {
            using var response = await staff.PostAsync(confirmPath, removalForm);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            page = await response.Content.ReadAsStringAsync();
        }
        finally
        {
            await SetFaultsAsync(0);
        }

        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(page);
        Assert.Contains(message, document.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(button, document.QuerySelector("#remove-card")!.TextContent, StringComparison.Ordinal);
        Assert.Null((await Cards.FindAsync(card.Id))!.RemovedAt);
    }

    [Fact]
    public async Task A_viewers_forged_removal_removes_nothing_here_or_at_PortOne()
    {
        var card = await RegisterAsync();
        using var viewer = await app.SignedInAsync(StaffRoles.Viewer);
        var token = await viewer.TokenAsync("/admin/orders");

        using var response = await viewer.PostAsync($"{CardsPage}?remove={card.Id}", new()
        {
            ["_handler"] = "card-removal", ["__RequestVerificationToken"] = token,
            ["Removal.SavedCardId"] = card.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Null((await Cards.FindAsync(card.Id))!.RemovedAt);
        Assert.NotNull(await PortOne.GetCustomerAsync(card.CustomerUid));
    }

    private static Dictionary<string, string> FormFields(AngleSharp.Html.Dom.IHtmlDocument page, string formName)
    {
        var form = page.Forms.Single(f => f.QuerySelector($"input[name=_handler][value='{formName}']") is not null);
        return form.Elements.OfType<AngleSharp.Html.Dom.IHtmlInputElement>().Where(i => i.Name is { Length: > 0 })
            .ToDictionary(i => i.Name!, i => i.Value);
    }

    private static async Task<string> TextAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        }
    }

    private async Task SetFaultsAsync(double errorRate)
    {
        using var response = await app.CreateClient().PostAsJsonAsync("/sandbox/control/faults", new { latency_ms = 0, error_rate = errorRate });
        response.EnsureSuccessStatusCode();
    }
}
