using System.Net;
using AngleSharp.Html.Parser;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Features.Receipts;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Receipts;

/// <summary>Staff cancel the cash receipt they issued for an order (<c>DELETE /receipts/{imp_uid}</c>), from the order page.</summary>
public class CashReceiptCancelTests(StaffApp app) : IClassFixture<StaffApp>
{
    private async Task<Order> PaidTransferAsync()
    {
        var placed = await app.PlaceOrderAsync(new PaymentChoice("trans"), ("BOOK-HANGUL", 2));
        var impUid = await app.Shopper().PayAsync(placed.RequestPayParams);
        return (await app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Callback)).Order!;
    }

    private async Task<Order> WithReceiptAsync()
    {
        var order = await PaidTransferAsync();
        await app.Get<StaffActions>().IssueCashReceiptAsync(order, "010-1234-5678", "person");
        return (await app.OrderAsync(order.MerchantUid))!;
    }

    private static string OrderPath(Order order) => "/admin/orders/" + order.MerchantUid;

    /// <summary>The page as a browser reads it: Blazor escapes Hangul as character references.</summary>
    private static async Task<string> PageTextAsync(HttpResponseMessage response) =>
        (await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync())).DocumentElement.OuterHtml;

    [Fact]
    public async Task Staff_cancel_the_receipt_from_the_order_page_and_may_issue_a_new_one()
    {
        var order = await WithReceiptAsync();
        var applyNum = order.CashReceiptApplyNum;
        using var staff = await app.SignedInAsync(StaffRoles.Staff);

        using var response = await staff.SubmitAsync(OrderPath(order), "cancel-receipt", []);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"현금영수증 발급을 취소했습니다 (승인번호 {applyNum}).", await PageTextAsync(response), StringComparison.Ordinal);
        var after = (await app.OrderAsync(order.MerchantUid))!;
        Assert.Null(after.CashReceiptIssuedAt);
        Assert.True(after.AllowsCashReceipt);
        Assert.False((await app.Get<PortOneClient>().GetPaymentAsync(order.ImpUid!))!.CashReceiptIssued);
        Assert.Contains(await app.Get<OrderStore>().EventsAsync(order.Id), e => e.Detail == $"cash receipt cancelled, approval {applyNum}");
        Assert.Contains(await app.Get<AuditTrail>().ForTargetAsync(order.MerchantUid), e => e.Action == ReceiptAuditActions.CashReceiptCancel);
        Assert.StartsWith("현금영수증을 발급했습니다", await app.Get<StaffActions>().IssueCashReceiptAsync(after, "010-1234-5678", "person"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancel_portone_refuses_is_shown_in_portones_words()
    {
        var order = await WithReceiptAsync();
        await app.Get<PortOneClient>().CancelReceiptAsync(order.ImpUid!);

        var answer = await app.Get<StaffActions>().CancelCashReceiptAsync(order);

        Assert.Equal("PortOne이 현금영수증 취소를 거절했습니다: 현금영수증 발급된 내역이 없습니다.", answer);
    }

    [Fact]
    public async Task An_order_without_a_receipt_has_nothing_to_cancel_and_portone_is_not_asked()
    {
        var order = await PaidTransferAsync();

        Assert.Equal("취소할 현금영수증이 없습니다.", await app.Get<StaffActions>().CancelCashReceiptAsync(order));
    }

    [Fact]
    public async Task A_viewer_sees_the_receipt_but_may_not_cancel_it()
    {
        var order = await WithReceiptAsync();
        using var viewer = await app.SignedInAsync(StaffRoles.Viewer);

        using var response = await viewer.PostAsync(OrderPath(order), new()
        {
            ["_handler"] = "cancel-receipt", ["__RequestVerificationToken"] = await viewer.TokenAsync("/admin/orders"),
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotNull((await app.OrderAsync(order.MerchantUid))!.CashReceiptIssuedAt);
    }

    [Fact]
    public async Task When_portone_refuses_an_issue_the_page_does_not_echo_the_number()
    {
        var order = await PaidTransferAsync();
        // Issued behind our back (PortOne's console): PortOne refuses ours, and the form is shown again.
        await app.Get<PortOneClient>().IssueReceiptAsync(order.ImpUid!, new CashReceiptRequest("01000000000", "phone", "person", null, null, null, null));
        using var staff = await app.SignedInAsync(StaffRoles.Staff);

        using var response = await staff.SubmitAsync(OrderPath(order), "cash-receipt", new() { ["Receipt.Type"] = "person", ["Receipt.Identifier"] = "010-7777-8888" });

        var html = await PageTextAsync(response);
        Assert.Contains("이미 현금영수증이 발급된 거래입니다.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("010-7777-8888", html, StringComparison.Ordinal);
        Assert.DoesNotContain("01077778888", html, StringComparison.Ordinal);
    }
}
