using System.Security.Claims;
using Microsoft.Playwright;
using PortOne.Checkout.Features.PhoneOrders;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace PortOne.Checkout.Tests.Browser;

/// <summary>Staff on a phone remove a saved card a customer asked us to forget: a confirm step first, then it is gone from the list and the picker.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public class SavedCardRemovalPageTests(BrowserFixture browser, CheckoutApp app) : IClassFixture<CheckoutApp>
{
    [Fact]
    public async Task Staff_on_a_phone_confirm_removing_a_saved_card_and_it_leaves_the_list_and_the_picker()
    {
        var desk = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "phone-desk")], "test"));
        var phoneOrders = app.Get<PhoneOrderService>();
        var kept = (await phoneOrders.RegisterCardAsync(ACard("남는카드", "5361-4800-2468-0001"), desk)).Card!;
        var forgotten = (await phoneOrders.RegisterCardAsync(ACard("잊을카드", "5361-4800-1357-0009"), desk)).Card!;
        await using var context = await browser.NewContextAsync(app.BaseUri, phone: true);
        var page = await StaffSignIn.AtAsync(context, "/admin/phone-orders/cards", "admin", CheckoutApp.AdminPassword);
        var removeLink = page.GetByRole(AriaRole.Link, new() { Name = $"{PhoneOrderText.Describe(forgotten)} 카드 삭제", Exact = true });
        await removeLink.ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, "saved-card-removal-01-list-phone");

        await removeLink.ClickAsync();

        var confirmation = page.Locator("#remove-card");
        await Expect(confirmation.GetByRole(AriaRole.Heading, new() { Name = "카드 삭제 확인" })).ToBeInViewportAsync();
        await Expect(confirmation).ToContainTextAsync($"{PhoneOrderText.Describe(forgotten)} 카드를 삭제합니다. PortOne에서 빌링키를 지우며 되돌릴 수 없습니다.");
        await BrowserFixture.ScreenshotAsync(page, "saved-card-removal-02-confirm-phone");
        await confirmation.GetByRole(AriaRole.Button, new() { Name = "이 카드 삭제" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"카드를 삭제했습니다: #{forgotten.Id} 잊을카드");
        await Expect(confirmation).ToHaveCountAsync(0);
        await Expect(removeLink).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("카드", new() { Exact = true })).Not.ToContainTextAsync("잊을카드");
        await Expect(page.GetByLabel("카드", new() { Exact = true })).ToContainTextAsync(PhoneOrderText.Describe(kept));
        await BrowserFixture.ScreenshotAsync(page, "saved-card-removal-03-removed-phone");
        Assert.NotNull((await app.Get<SavedCardStore>().FindAsync(forgotten.Id))!.RemovedAt);
        Assert.Null(await app.Get<Features.Payments.PortOneClient>().GetCustomerAsync(forgotten.CustomerUid));

        // The same confirmation on a desktop, for the screenshot; cancelling keeps the card.
        await using var desktop = await browser.NewContextAsync(app.BaseUri);
        var wide = await StaffSignIn.AtAsync(desktop, $"/admin/phone-orders/cards?remove={kept.Id}", "admin", CheckoutApp.AdminPassword);
        await Expect(wide.Locator("#remove-card")).ToContainTextAsync(PhoneOrderText.Describe(kept));
        await BrowserFixture.ScreenshotAsync(wide, "saved-card-removal-04-confirm-desktop");
        await wide.GetByRole(AriaRole.Link, new() { Name = "취소 (카드 유지)" }).ClickAsync();
        await Expect(wide.Locator("#remove-card")).ToHaveCountAsync(0);
        Assert.Null((await app.Get<SavedCardStore>().FindAsync(kept.Id))!.RemovedAt);
    }

    private static CardRegistrationInput ACard(string holder, string card) => new()
    {
        HolderName = holder, HolderTel = "010-5555-6666", CardNumber = card, Expiry = "12/30", Birth = "820213", Pwd2Digit = "00",
    };
}
