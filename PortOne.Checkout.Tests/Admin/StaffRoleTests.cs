using System.Net;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Admin;

/// <summary>
/// Each staff action, by each role, posted over real HTTP to the order page as a browser would (signed
/// in, antiforgery token included): the answer, our database, the audit trail and PortOne agree.
/// </summary>
public class StaffRoleTests(StaffApp app) : IClassFixture<StaffApp>
{
    private readonly SandboxShopper _shopper = app.Shopper();

    private async Task<Order> PaidAsync(string payMethod)
    {
        var placed = await app.PlaceOrderAsync(new PaymentChoice(payMethod), ("BOOK-HANGUL", 3));
        var impUid = await _shopper.PayAsync(placed.RequestPayParams, cardCode: payMethod == "card" ? "366" : null);
        return (await app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Callback)).Order!;
    }

    private static string OrderPath(Order order) => "/admin/orders/" + order.MerchantUid;

    private Task<IReadOnlyList<AuditEntry>> AuditAsync(Order order) => app.Get<AuditTrail>().ForTargetAsync(order.MerchantUid);

    /// <summary>A viewer's page has no action forms, so the post is made by hand, with a token the viewer was really given.</summary>
    private static async Task<HttpResponseMessage> ForgedPostAsync(StaffClient viewer, Order order, string formName, Dictionary<string, string> fields)
    {
        fields["_handler"] = formName;
        fields["__RequestVerificationToken"] = await viewer.TokenAsync("/admin/orders");
        return await viewer.PostAsync(OrderPath(order), fields);
    }

    [Theory]
    [InlineData(StaffRoles.Owner)]
    [InlineData(StaffRoles.Staff)]
    public async Task Owners_and_staff_refund_once_and_the_audit_trail_names_them(string role)
    {
        var order = await PaidAsync("card");
        using var staff = await app.SignedInAsync(role);

        using var response = await staff.SubmitAsync(OrderPath(order), "refund", new() { ["Refund.Amount"] = "10000", ["Refund.Reason"] = "고객 요청" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var payment = await app.Get<PortOneClient>().GetPaymentAsync(order.ImpUid!);
        Assert.Equal(10000m, Assert.Single(payment!.CancelHistory).Amount);
        Assert.Equal(10000, (await app.OrderAsync(order.MerchantUid))!.CancelledAmount);
        var entry = Assert.Single(await AuditAsync(order));
        Assert.Equal((AuditActions.Refund, AuditResults.Done), (entry.Action, entry.Result));
        Assert.StartsWith(role, entry.Actor, StringComparison.Ordinal);
        Assert.Contains("10,000원", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewers_refund_post_is_forbidden_and_portone_is_not_asked()
    {
        var order = await PaidAsync("card");
        using var viewer = await app.SignedInAsync(StaffRoles.Viewer);

        using var response = await ForgedPostAsync(viewer, order, "refund", new() { ["Refund.Amount"] = "10000", ["Refund.Reason"] = "x" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var payment = await app.Get<PortOneClient>().GetPaymentAsync(order.ImpUid!);
        Assert.Empty(payment!.CancelHistory);
        Assert.Equal((OrderStatus.Paid, 0L), ((await app.OrderAsync(order.MerchantUid))!.Status, (await app.OrderAsync(order.MerchantUid))!.CancelledAmount));
        Assert.Empty(await AuditAsync(order));
    }

    [Theory]
    [InlineData(StaffRoles.Owner)]
    [InlineData(StaffRoles.Staff)]
    public async Task Owners_and_staff_issue_a_cash_receipt(string role)
    {
        var order = await PaidAsync("trans");
        using var staff = await app.SignedInAsync(role);

        using var response = await staff.SubmitAsync(OrderPath(order), "cash-receipt", new() { ["Receipt.Type"] = "person", ["Receipt.Identifier"] = "010-1234-5678" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await app.Get<PortOneClient>().GetPaymentAsync(order.ImpUid!))!.CashReceiptIssued);
        Assert.NotNull((await app.OrderAsync(order.MerchantUid))!.CashReceiptIssuedAt);
        var entry = Assert.Single(await AuditAsync(order));
        Assert.Equal((AuditActions.CashReceipt, AuditResults.Done), (entry.Action, entry.Result));
        Assert.DoesNotContain("5678", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewers_cash_receipt_post_is_forbidden_and_nothing_is_issued()
    {
        var order = await PaidAsync("trans");
        using var viewer = await app.SignedInAsync(StaffRoles.Viewer);

        using var response = await ForgedPostAsync(viewer, order, "cash-receipt", new() { ["Receipt.Type"] = "person", ["Receipt.Identifier"] = "010-1234-5678" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False((await app.Get<PortOneClient>().GetPaymentAsync(order.ImpUid!))!.CashReceiptIssued);
        Assert.Null((await app.OrderAsync(order.MerchantUid))!.CashReceiptIssuedAt);
    }

    [Theory]
    [InlineData(StaffRoles.Owner)]
    [InlineData(StaffRoles.Staff)]
    public async Task Owners_and_staff_recheck_with_portone(string role)
    {
        var order = await PaidAsync("card");
        using var staff = await app.SignedInAsync(role);

        using var response = await staff.SubmitAsync(OrderPath(order), "recheck", []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = Assert.Single(await AuditAsync(order));
        Assert.Equal((AuditActions.Recheck, AuditResults.Done), (entry.Action, entry.Result));
    }

    [Fact]
    public async Task A_viewers_recheck_post_is_forbidden()
    {
        var order = await PaidAsync("card");
        var eventsBefore = (await app.Get<OrderStore>().EventsAsync(order.Id)).Count;
        using var viewer = await app.SignedInAsync(StaffRoles.Viewer);

        using var response = await ForgedPostAsync(viewer, order, "recheck", []);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(eventsBefore, (await app.Get<OrderStore>().EventsAsync(order.Id)).Count);
        Assert.Empty(await AuditAsync(order));
    }

    [Fact]
    public async Task A_viewer_reads_the_order_page_and_its_cash_receipt_without_any_action_form()
    {
        var order = await PaidAsync("trans");
        await app.Get<StaffActions>().IssueCashReceiptAsync(order, "010-1234-5678", "person");
        using var viewer = await app.SignedInAsync(StaffRoles.Viewer);

        var page = await viewer.PageAsync(OrderPath(order));

        Assert.Empty(page.QuerySelectorAll("input[name=_handler]"));
        Assert.NotNull(page.QuerySelector("[data-testid=events]"));
        Assert.Contains("현금영수증 발급됨", page.QuerySelector("[data-testid=cash-receipt]")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StaffRoles.Staff, "/admin/staff")]
    [InlineData(StaffRoles.Viewer, "/admin/staff")]
    [InlineData(StaffRoles.Staff, "/admin/audit")]
    [InlineData(StaffRoles.Viewer, "/admin/audit")]
    public async Task Only_owners_open_the_staff_and_audit_pages(string role, string path)
    {
        using var member = await app.SignedInAsync(role);
        using var owner = await app.SignedInAsync(StaffRoles.Owner);

        using var refused = await member.Http.GetAsync(path);
        using var denied = await member.Http.GetAsync(refused.Headers.Location);
        using var allowed = await owner.Http.GetAsync(path);

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Forbidden, HttpStatusCode.OK), (refused.StatusCode, denied.StatusCode, allowed.StatusCode));
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await denied.Content.ReadAsStringAsync());
        Assert.Contains("권한이 없습니다", page.QuerySelector("[data-testid=denied]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_staff_members_post_to_the_staff_page_is_forbidden()
    {
        using var member = await app.SignedInAsync(StaffRoles.Staff);
        var token = await member.TokenAsync("/admin/orders");

        using var response = await member.PostAsync("/admin/staff", new()
        {
            ["_handler"] = "staff-add", ["__RequestVerificationToken"] = token,
            ["NewStaff.UserName"] = "sneaky", ["NewStaff.Password"] = "sneaky-password", ["NewStaff.Role"] = StaffRoles.Owner,
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(await app.Get<StaffStore>().ListAsync(), s => s.UserName == "sneaky");
    }
}
