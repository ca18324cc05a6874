using System.Net;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.PhoneOrders;
using PortOne.Checkout.Tests.Admin;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.PhoneOrders;

/// <summary>Only staff who may act take card data: a viewer neither sees the saved-card forms nor gets a card through them.</summary>
public class SavedCardAccessTests(BackOfficeApp app) : IClassFixture<BackOfficeApp>
{
    [Theory]
    [InlineData("/admin/phone-orders")]
    [InlineData("/admin/phone-orders/cards")]
    public async Task A_viewer_is_turned_away_from_the_card_forms_and_staff_are_let_in(string path)
    {
        using var viewer = await app.SignedInAsync(StaffRoles.Viewer);
        using var staff = await app.SignedInAsync(StaffRoles.Staff);

        using var refused = await viewer.Http.GetAsync(path);
        using var denied = await viewer.Http.GetAsync(refused.Headers.Location);
        using var allowed = await staff.Http.GetAsync(path);

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Forbidden, HttpStatusCode.OK), (refused.StatusCode, denied.StatusCode, allowed.StatusCode));
    }

    [Fact]
    public async Task A_viewers_forged_card_registration_saves_no_card()
    {
        using var viewer = await app.SignedInAsync(StaffRoles.Viewer);
        var token = await viewer.TokenAsync("/admin/orders");

        using var response = await viewer.PostAsync("/admin/phone-orders/cards", new()
        {
            ["_handler"] = "card-registration", ["__RequestVerificationToken"] = token, ["Registration.HolderName"] = "몰래",
            ["Registration.CardNumber"] = "5361-4800-0000-0001", ["Registration.Expiry"] = "12/30", ["Registration.Birth"] = "820213",
            ["Registration.Pwd2Digit"] = "00",
        });

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await app.Get<SavedCardStore>().ListAsync(10));
    }
}
